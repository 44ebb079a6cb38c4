import { invalidField } from '../errors';

// One plain address: a local part of printable ASCII without spaces, quotes, commas, angle brackets or
// semicolons (so never a list or a display name), and a dotted domain. Stricter than RFC 5322 on purpose.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isSingleAddress(value: string): boolean {
  if (value.length > 254) return false;
  if (!ADDRESS.test(value)) return false;
  const local = value.slice(0, value.lastIndexOf('@'));
  return local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

/** The address, trimmed, or a 400 on `field`. */
export function assertSingleAddress(value: string, field: string): string {
  const v = value.trim();
  if (!isSingleAddress(v)) throw invalidField(field, 'must be one email address, such as name@example.com');
  return v;
}

// C0/C1 controls (CR and LF among them), and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Text fit for a header value (a subject): one line, no controls, at most `max` characters. */
export function headerText(value: string, max = 200): string {
  const line = value.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
