// Pieces shared by the message and status parsers: problem notes, timestamps, errors[] arrays.
import type { GraphErrorInfo } from './inbound-types';
import { compact, isRecord, ownNumber, ownRecord, ownString } from './read';

export { Problems } from '../../untrusted-json';
import type { Problems } from '../../untrusted-json';

/**
 * Unix seconds, as a string (Meta's usual form) or a number (some SDK-typed fields). Anything else
 * becomes `now` with a problem note, so a bad clock field never drops a customer's message.
 */
export function parseTimestamp(v: unknown, now: Date, where: string, problems: Problems): Date {
  let seconds: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) seconds = v;
  else if (typeof v === 'string' && /^\d{1,15}$/.test(v.trim())) seconds = Number(v.trim());
  const date = seconds === undefined ? undefined : new Date(seconds * 1000);
  if (date && !Number.isNaN(date.getTime())) return date;
  problems.add(`${where}: bad timestamp ${describe(v)}, using the parse time`);
  return new Date(now.getTime());
}

/** Parse an `errors[]` array (reference §4.1). Entries without a numeric code are skipped with a note. */
export function parseErrors(v: unknown, where: string, problems: Problems): GraphErrorInfo[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.add(`${where}: errors is not an array`);
    return [];
  }
  const out: GraphErrorInfo[] = [];
  v.forEach((e, i) => {
    const code = ownNumber(e, 'code');
    if (code === undefined || !Number.isInteger(code)) {
      problems.add(`${where}[${i}]: error without a numeric code`);
      return;
    }
    out.push(
      compact({
        code,
        title: ownString(e, 'title'),
        message: ownString(e, 'message'),
        // Current payloads nest details in error_data; the legacy `unknown` type has it top-level.
        details: ownString(ownRecord(e, 'error_data'), 'details') ?? ownString(e, 'details'),
        href: ownString(e, 'href'),
      }),
    );
  });
  return out;
}

/** A short, safe rendering of an untrusted value for problem notes. */
export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isRecord(v)) return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}
