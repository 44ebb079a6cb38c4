import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authenticate, authorizeNumber, isReply } from './auth';
import { fbtraceId, unsupportedRequestBody } from './graph-errors';
import { json, type Reply } from './http-util';
import type { FakeState } from './state';

/** Media download URLs stop working after 5 minutes (§3.4); Parley must fetch the URL again. */
export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

/**
 * `GET /{version}/{id}`: media metadata for a media id (§3.4), or the phone number's profile for a
 * phone number id (what a channel-setup screen uses to check credentials).
 */
export function handleGetObject(state: FakeState, req: IncomingMessage, id: string): Reply {
  if (state.numbers.has(id)) {
    const number = authorizeNumber(state, req, id, 'get');
    if (isReply(number)) return number;
    return json(200, {
      verified_name: number.verifiedName ?? 'Parley Test Business',
      code_verification_status: 'VERIFIED',
      display_phone_number: number.displayPhoneNumber,
      quality_rating: 'GREEN',
      platform_type: 'CLOUD_API',
      throughput: { level: 'STANDARD' },
      id: number.phoneNumberId,
    });
  }
  const auth = authenticate(state, req);
  if ('kind' in auth) return auth;
  const media = state.media.get(id);
  if (!media) return json(400, unsupportedRequestBody('get', id));
  forgetExpiredUrls(state);
  const token = randomBytes(18).toString('base64url');
  state.mediaUrls.set(token, { mediaId: id, issuedAt: state.now() });
  return json(200, {
    url: `${state.baseUrl}/media-download/${encodeURIComponent(id)}?token=${token}`,
    mime_type: media.mimeType,
    sha256: media.sha256Hex,
    file_size: media.bytes.length,
    id,
    messaging_product: 'whatsapp',
  });
}

/** `GET /media-download/{id}?token=…`: the bytes, only with the bearer header AND a fresh URL token. */
export function handleDownload(state: FakeState, req: IncomingMessage, id: string, urlToken: string | null): Reply {
  const auth = authenticate(state, req);
  if ('kind' in auth) return auth;
  const issued = urlToken ? state.mediaUrls.get(urlToken) : undefined;
  const media = state.media.get(id);
  if (!issued || issued.mediaId !== id || !media) return notFound('The media URL is not valid.');
  if (state.now() - issued.issuedAt > MEDIA_URL_TTL_MS) return notFound('The media URL has expired; retrieve the media id again.');
  return { kind: 'bytes', status: 200, bytes: media.bytes, contentType: media.mimeType };
}

function notFound(message: string): Reply {
  return json(404, { error: { message, type: 'OAuthException', code: 100, fbtrace_id: fbtraceId() } });
}

/** Download tokens are dropped once expired so a long-running fake does not accumulate them. */
function forgetExpiredUrls(state: FakeState): void {
  if (state.mediaUrls.size < 256) return;
  const cutoff = state.now() - MEDIA_URL_TTL_MS;
  for (const [token, issued] of state.mediaUrls) if (issued.issuedAt < cutoff) state.mediaUrls.delete(token);
}
