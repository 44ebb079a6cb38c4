// X-Hub-Signature-256 (reference §1.2): HMAC-SHA256 of the raw request body keyed with the App Secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Meta signs "an escaped unicode version of the payload, with lowercase hex digits". It usually sends the
 * body already escaped, but a proxy may have decoded it, so we mirror whatsapp-api-js: every UTF-16 code
 * unit outside [\0-~] becomes \uXXXX (an emoji, a surrogate pair, becomes two escapes).
 */
export function escapeUnicode(s: string): string {
  return s.replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const hmac = (data: Buffer | string, secret: string): Buffer => createHmac('sha256', secret).update(data).digest();

/** The full header value (`sha256=<hex>`) for a body; our fake Graph API and the simulator sign with it. */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${hmac(rawBody, appSecret).toString('hex')}`;
}

/**
 * True when `header` is a valid signature of `rawBody`. Verify the bytes exactly as received — never a
 * re-serialised body, which changes on emoji, '/', '@'. Missing or malformed headers (including the legacy
 * `sha1=` form) are false, and so is an empty secret: an empty key must never authenticate anything.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!appSecret || typeof header !== 'string') return false;
  const match = HEADER.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = Buffer.from(match[1].toLowerCase(), 'hex');
  const same = (digest: Buffer) => digest.length === expected.length && timingSafeEqual(digest, expected);
  if (same(hmac(rawBody, appSecret))) return true;
  // Retry over the escaped form only when it differs, i.e. when the body holds non-ASCII bytes.
  if (!rawBody.some((b) => b > 0x7e)) return false;
  return same(hmac(escapeUnicode(rawBody.toString('utf8')), appSecret));
}
