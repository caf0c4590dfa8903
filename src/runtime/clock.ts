// Durations as the logs and metrics state them.

/** Milliseconds since `t0` (a performance.now() value), to the microsecond. */
export const msSince = (t0: number): number => Math.round((performance.now() - t0) * 1000) / 1000;
