// Defensive readers for untrusted JSON. Update bodies come from the network: every read checks its type,
// only OWN properties count (so "constructor" or "__proto__" never resolve to something inherited), and
// every string we keep is capped, so a hostile 50 MB "text" never travels further than this folder.

import { clean, isRecord, own } from '../../untrusted-json';

// The shared readers, re-exported so this folder's files keep one import.
export { type JsonRecord, isRecord, own, ownRecord, ownArray, clean } from '../../untrusted-json';

/** Short strings (names, usernames, mime types, entity types): at most this many UTF-16 units are kept. */
export const MAX_SHORT = 256;

/**
 * At most `max` UTF-16 units of `s`, cut BEFORE cleaning so a huge string costs nothing more than a slice,
 * and never in the middle of a surrogate pair.
 */
export function cap(s: string, max: number): { value: string; truncated: boolean } {
  if (s.length <= max) return { value: clean(s), truncated: false };
  let cut = s.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return { value: clean(cut), truncated: true };
}

/** A cleaned string capped at `max` units (silently), or undefined when the value is not a string. */
export function ownString(obj: unknown, key: string, max = MAX_SHORT): string | undefined {
  const v = own(obj, key);
  return typeof v === 'string' ? cap(v, max).value : undefined;
}

/** A non-blank opaque token (file_id, callback query id) of at most `max` units; longer ones are refused, not cut. */
export function ownToken(obj: unknown, key: string, max = 512): string | undefined {
  const v = own(obj, key);
  if (typeof v !== 'string' || v.length > max) return undefined;
  const s = clean(v);
  return s.trim() === '' ? undefined : s;
}

const INTEGER_STRING = /^-?\d{1,16}$/;

/** A safe integer; integer strings from a sloppy producer are accepted too. Floats, NaN and 2^60 are not. */
export function ownInt(obj: unknown, key: string): number | undefined {
  const v = own(obj, key);
  const n = typeof v === 'number' ? v : typeof v === 'string' && INTEGER_STRING.test(v) ? Number(v) : undefined;
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Telegram user and chat ids are int64 with at most 52 significant bits (Bot API: "fits in a double"), so
 * they are safe integers; we carry them as decimal strings. Group ids are negative (-100…).
 */
export function ownIdString(obj: unknown, key: string): string | undefined {
  const n = ownInt(obj, key);
  return n === undefined || n === 0 ? undefined : String(n);
}

export function ownBoolean(obj: unknown, key: string): boolean | undefined {
  const v = own(obj, key);
  return typeof v === 'boolean' ? v : undefined;
}

/** A finite JSON number (coordinates, accuracy). */
export function ownNumber(obj: unknown, key: string): number | undefined {
  const v = own(obj, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A non-negative safe integer (sizes, durations, dimensions). */
export function ownCount(obj: unknown, key: string): number | undefined {
  const n = ownInt(obj, key);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** Drop undefined members so results compare cleanly and serialise without noise. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** A short, safe rendering of an untrusted value for problem notes. */
export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isRecord(v)) return 'an object';
  if (typeof v === 'string') return JSON.stringify(cap(v, 40).value + (v.length > 40 ? '…' : ''));
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return typeof v;
}

export { Problems } from '../../untrusted-json';
