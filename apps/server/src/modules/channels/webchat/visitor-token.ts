import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../../../platform/secret-box';

// A visitor's identity is a random id the server signs for one channel. Nothing is stored until the visitor
// writes: the token alone proves "I am visitor X of widget Y". Not secret from its holder, but unforgeable.
const PURPOSE = 'webchat-visitor';
const VERSION = 'v1';
const ID = /^[A-Za-z0-9_-]{22}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const newVisitorId = (): string => randomBytes(16).toString('base64url');

export function issueVisitorToken(box: SecretBox, channelId: string, visitorId: string): string {
  return [VERSION, channelId, visitorId, signature(box, channelId, visitorId)].join('.');
}

/** The visitor id a token names, if it was signed by this install for this channel; null otherwise. */
export function verifyVisitorToken(box: SecretBox, channelId: string, token: string): string | null {
  if (token.length > 200) return null;
  const [version, tokenChannel, visitorId, sig] = token.split('.');
  if (version !== VERSION || tokenChannel !== channelId || !UUID.test(channelId) || !visitorId || !ID.test(visitorId) || !sig) return null;
  const expected = signature(box, channelId, visitorId);
  const given = Buffer.from(sig, 'base64url');
  // base64url decoding is lenient; re-encoding must give back exactly what was sent.
  if (given.length !== 32 || given.toString('base64url') !== sig) return null;
  return timingSafeEqual(given, Buffer.from(expected, 'base64url')) ? visitorId : null;
}

const signature = (box: SecretBox, channelId: string, visitorId: string) =>
  box.mac(PURPOSE, `${VERSION}:${channelId}:${visitorId}`).toString('base64url');
