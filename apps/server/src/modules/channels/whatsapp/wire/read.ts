// Defensive readers for untrusted JSON. Webhook bodies come from the network: every read checks its type,
// and only OWN properties count, so a key such as "constructor" or "__proto__" never resolves to
// something inherited from Object.prototype.

export type JsonRecord = Record<string, unknown>;

export const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The own property `key` of `obj`, or undefined (never an inherited one). */
export function own(obj: unknown, key: string): unknown {
  return isRecord(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export const ownRecord = (obj: unknown, key: string): JsonRecord | undefined => {
  const v = own(obj, key);
  return isRecord(v) ? v : undefined;
};

export const ownArray = (obj: unknown, key: string): unknown[] | undefined => {
  const v = own(obj, key);
  return Array.isArray(v) ? v : undefined;
};

// Lone surrogates survive JSON.parse ("\ud83d" alone) but are not valid Unicode: PostgreSQL and UTF-8
// encoders would reject or mangle them. NUL is valid JSON ("\u0000") but PostgreSQL text cannot hold it.
// eslint-disable-next-line no-control-regex
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Make a string safe to store: drop NUL, replace lone surrogates with U+FFFD. */
export const clean = (s: string): string => s.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');

/** A cleaned string, or undefined when the value is not a string. */
export function ownString(obj: unknown, key: string): string | undefined {
  const v = own(obj, key);
  return typeof v === 'string' ? clean(v) : undefined;
}

/** A non-empty cleaned string; ids sent as JSON numbers by a sloppy producer are accepted too. */
export function ownId(obj: unknown, key: string): string | undefined {
  const v = own(obj, key);
  const s = typeof v === 'string' ? clean(v) : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined;
  return s === undefined || s.trim() === '' ? undefined : s;
}

export function ownBoolean(obj: unknown, key: string): boolean | undefined {
  const v = own(obj, key);
  return typeof v === 'boolean' ? v : undefined;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A finite number; numeric strings are accepted because Meta's own examples disagree on the JSON type. */
export function ownNumber(obj: unknown, key: string): number | undefined {
  const v = own(obj, key);
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMERIC.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Drop undefined members so results compare cleanly and serialise without noise. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
