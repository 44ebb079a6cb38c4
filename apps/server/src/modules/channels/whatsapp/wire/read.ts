// Defensive readers for untrusted JSON. Webhook bodies come from the network: every read checks its type,
// and only OWN properties count, so a key such as "constructor" or "__proto__" never resolves to
// something inherited from Object.prototype.

import { clean, own } from '../../untrusted-json';

// The shared readers, re-exported so this folder's files keep one import.
export { type JsonRecord, isRecord, own, ownRecord, ownArray, clean } from '../../untrusted-json';

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
