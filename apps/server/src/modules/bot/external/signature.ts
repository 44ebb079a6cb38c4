import { createHmac, timingSafeEqual } from 'node:crypto';

// The integrator checks X-Parley-Signature against HMAC-SHA256(secret, `${timestamp}.${rawBody}`): with the
// timestamp inside the signed string an old request cannot be replayed with a fresh X-Parley-Timestamp.

export const SIGNATURE_HEADER = 'x-parley-signature';
export const TIMESTAMP_HEADER = 'x-parley-timestamp';
export const EVENT_ID_HEADER = 'x-parley-event-id';

/** `sha256=<hex>` over `${timestamp}.${body}`; the timestamp is Unix seconds as sent in X-Parley-Timestamp. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiving bot does (exported for tests and the docs' example): constant-time compare. */
export function verifyBody(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
