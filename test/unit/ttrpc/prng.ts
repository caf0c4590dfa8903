// A seeded PRNG (mulberry32) so fuzzed splits are reproducible from the seed in the test name.
export function prng(seed: number): { int(min: number, max: number): number; bytes(n: number): Uint8Array } {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    bytes(n) {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = (next() * 256) | 0;
      return b;
    },
  };
}

/** Cuts `data` into chunks whose sizes come from a seeded mix of tiny, medium and large. */
export function randomChunks(data: Uint8Array, rnd: ReturnType<typeof prng>): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length;) {
    const kind = rnd.int(0, 3);
    const max = kind === 0 ? 1 : kind === 1 ? 16 : kind === 2 ? 5000 : 100_000;
    const n = Math.min(rnd.int(1, max), data.length - off);
    out.push(data.subarray(off, off + n));
    off += n;
  }
  return out;
}
