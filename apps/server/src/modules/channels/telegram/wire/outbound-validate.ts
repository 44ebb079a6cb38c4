// Field checks for the outbound builders. Every problem is collected (not just the first) and named by the
// caller's field path, e.g. `buttons[1].id`, so an API client can fix all of them in one round trip.
import { AppError, type FieldIssue } from '../../../../platform/errors';

/** Telegram counts text length in Unicode code points ("characters after entities parsing"): an emoji is one. */
export const charCount = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
};

/** UTF-8 length, which is how Telegram measures callback_data. */
export const byteCount = (s: string): number => Buffer.byteLength(s, 'utf8');

export class Issues {
  readonly list: FieldIssue[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  /**
   * A required string of 1..max code points that is not only whitespace (Telegram trims text and answers
   * "message text is empty" for blank ones). Returns the value when it is a string, even if over-long.
   */
  text(field: string, value: unknown, max: number, required = true): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(field, 'must be a string');
      return undefined;
    }
    // Count only what matters: a 10 MB string is over any limit without walking all of it.
    const n = value.length > max * 2 ? max + 1 : charCount(value);
    if (value === '') this.add(field, 'must not be empty');
    else if (value.trim() === '') this.add(field, 'must not be blank');
    else if (n > max) this.add(field, `must be at most ${max} characters`);
    return value;
  }

  /** Throw the collected issues as one validation error. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const message = this.list.map((i) => `${i.field}: ${i.message}`).join('; ');
    throw new AppError('validation_failed', message, { issues: this.list });
  }
}

const INTEGER = /^-?\d{1,16}$/;

/** A safe integer given as a number or as decimal digits; undefined otherwise. */
export function toInt(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && INTEGER.test(v) ? Number(v) : undefined;
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}
