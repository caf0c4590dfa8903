// JSON values as the faces and parsers read them (settings documents, CNI configurations, CRI info).

/** A JSON object, its values not yet checked. */
export type Json = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
