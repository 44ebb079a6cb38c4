// GET verification handshake (reference §1.1): echo hub.challenge when mode and verify token match.
import { createHash, timingSafeEqual } from 'node:crypto';

export type HandshakeAnswer = { status: 200; body: string } | { status: 403 };

// Hashing both sides first gives equal-length buffers, so the comparison leaks neither content nor length.
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time string equality. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Answer Meta's subscription handshake. `query` is the parsed query string; repeated parameters arrive as
 * arrays and are refused. The challenge is opaque (the docs call it an int): we echo it byte for byte.
 * An empty configured token refuses everything, so an unconfigured channel can never be subscribed.
 */
export function answerHandshake(query: Record<string, unknown>, verifyToken: string): HandshakeAnswer {
  const get = (k: string) => {
    const v = Object.prototype.hasOwnProperty.call(query, k) ? query[k] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const mode = get('hub.mode');
  const token = get('hub.verify_token');
  const challenge = get('hub.challenge');
  if (!verifyToken || mode !== 'subscribe' || token === undefined || challenge === undefined) return { status: 403 };
  return safeEqual(token, verifyToken) ? { status: 200, body: challenge } : { status: 403 };
}
