// X-Telegram-Bot-Api-Secret-Token (Bot API setWebhook; reference reliability-security §1.1): Telegram sends
// the secret we registered with setWebhook on every update POST. Compare it in constant time, before parsing.
import { createHash, timingSafeEqual } from 'node:crypto';

/** The header Telegram sends, lower-cased as Node exposes it. */
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

/** What setWebhook accepts as secret_token: 1–256 characters of A–Z, a–z, 0–9, _ and -. */
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

// Hashing both sides first gives equal-length buffers, so the comparison leaks neither content nor length.
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * True when the header carries exactly the expected secret. `header` is taken as Node gives it: a repeated
 * header arrives as an array and is refused, as is a missing one. An expected secret that setWebhook would
 * not accept (empty included) refuses everything, so an unconfigured channel never authenticates anything.
 */
export function verifySecretToken(header: string | string[] | null | undefined, expected: string): boolean {
  if (typeof expected !== 'string' || !SECRET_TOKEN_PATTERN.test(expected)) return false;
  if (typeof header !== 'string') return false;
  // Still hash-and-compare on a malformed header: no early exit whose timing depends on the secret.
  return timingSafeEqual(digest(header), digest(expected));
}
