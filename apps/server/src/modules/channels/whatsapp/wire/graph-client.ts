// A minimal Graph API client for the Cloud API (reference §3.4, §5.3, §5.4). The access token travels
// only in the Authorization header: it never appears in URLs, error messages or error fields.
import { createHash } from 'node:crypto';
import { fromGraphBody, GraphApiError, MediaDownloadError, parseJson } from './graph-api-error';
import { exchangeText, type TextResponse } from './graph-http';
import { isRecord, own, ownArray, ownId, ownNumber, ownRecord, ownString } from './read';

export { GraphApiError, MediaDownloadError } from './graph-api-error';

export interface GraphClientOptions {
  /** e.g. "https://graph.facebook.com", or a local fake Graph API in tests. */
  baseUrl: string;
  /** e.g. "v23.0"; pinned in config. */
  version: string;
  phoneNumberId: string;
  accessToken: string;
  /** Per call, covering the response body too. */
  timeoutMs: number;
  /**
   * Extra origins media may be downloaded from. Defaults to Meta's media CDN (lookaside.fbsbx.com) when
   * baseUrl is graph.facebook.com, and to nothing otherwise. The baseUrl's own origin is always allowed.
   */
  mediaOrigins?: string[];
}

export interface SendResult {
  wamid: string;
  /** WhatsApp's canonical id; may differ from what we sent (Brazil's 9th digit): store it. */
  waId?: string;
  /** Echo of our `to`. */
  input?: string;
  /** BSUID, when sending to one (2026+). */
  userId?: string;
  /** Template sends: accepted | held_for_quality_assessment | paused. */
  messageStatus?: string;
}

export interface MediaInfo {
  /** Short-lived (5 minutes); download it with the same bearer token. */
  url: string;
  mimeType: string;
  /** As Meta sends it (hex from this endpoint); null when absent. */
  sha256: string | null;
  fileSize: number | null;
}

export interface PhoneNumberInfo {
  id: string;
  /** As Meta formats it, e.g. "+1 555-078-3881". */
  displayPhoneNumber?: string;
  verifiedName?: string;
  qualityRating?: string;
}

export interface GraphClient {
  sendMessage(body: object): Promise<SendResult>;
  /** GET /{version}/{phone-number-id}: a cheap call that proves the token and the number id work. */
  getPhoneNumber(): Promise<PhoneNumberInfo>;
  getMediaUrl(mediaId: string): Promise<MediaInfo>;
  /** Download at most `maxBytes`; when `sha256` (hex or base64) is given the content must match it. */
  downloadMedia(url: string, maxBytes: number, sha256?: string | null): Promise<Buffer>;
  /** POST /{version}/{phone-number-id}/media (multipart): our file becomes a media id messages can send (30 days). */
  uploadMedia(file: { bytes: Uint8Array; mimeType: string; filename: string }): Promise<string>;
}

const META_GRAPH_ORIGIN = 'https://graph.facebook.com';
/** Where Meta actually serves media URLs from (reference §3.1 `url`). */
export const META_MEDIA_ORIGINS: readonly string[] = ['https://lookaside.fbsbx.com'];
const MAX_REDIRECTS = 3;
// Errors that prove the request never left this machine, so it cannot have been delivered.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function normaliseSha(s: string): Buffer | null {
  const t = s.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  return b.length === 32 ? b : null;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = new URL(options.baseUrl);
  const baseUrl = base.href.replace(/\/+$/, '');
  if (!/^v\d+\.\d+$/.test(options.version)) throw new Error('Graph API version must look like v23.0');
  if (!/^\d+$/.test(options.phoneNumberId)) throw new Error('phone number id must be digits');
  if (!(options.timeoutMs > 0)) throw new Error('timeoutMs must be positive');
  const allowedOrigins = new Set([base.origin, ...(options.mediaOrigins ?? (base.origin === META_GRAPH_ORIGIN ? META_MEDIA_ORIGINS : []))]);
  const auth = { authorization: `Bearer ${options.accessToken}` };
  // Built once per client: a campaign sends thousands of messages through one (whatsapp/graph-clients.ts).
  const messagesUrl = new URL(`${baseUrl}/${options.version}/${options.phoneNumberId}/messages`);
  const getText = (url: URL): Promise<TextResponse> =>
    exchangeText({ url, method: 'GET', headers: auth, timeoutMs: options.timeoutMs, post: false });

  /** One fetch exchange (media download, upload), body included, under one deadline. `post` marks requests that change state. */
  async function exchange<T>(url: string, init: RequestInit, post: boolean, read: (res: Response) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const res = await fetch(url, { ...init, signal: controller.signal, redirect: 'manual' });
      return await read(res);
    } catch (err) {
      if (err instanceof GraphApiError || err instanceof MediaDownloadError) throw err;
      if (controller.signal.aborted) {
        throw new GraphApiError(`Graph API request timed out after ${options.timeoutMs} ms`, null, null, 'transient', post);
      }
      const cause = isRecord(err) ? own(err, 'cause') : undefined;
      const code = ownString(cause, 'code');
      const sent = !(code && NOT_SENT.has(code));
      throw new GraphApiError(`Graph API request failed: network error${code ? ` ${code}` : ''}`, null, null, 'transient', post && sent);
    } finally {
      clearTimeout(timer);
    }
  }

  const readText = async (res: Response): Promise<TextResponse> => ({ status: res.status, text: await res.text() });

  async function sendMessage(body: object): Promise<SendResult> {
    const bytes = Buffer.from(JSON.stringify(body));
    const headers = { ...auth, 'content-type': 'application/json', 'content-length': bytes.length };
    const res = await exchangeText({ url: messagesUrl, method: 'POST', headers, body: bytes, timeoutMs: options.timeoutMs, post: true });
    const json = parseJson(res.text);
    if (res.status >= 400 || ownRecord(json, 'error')) throw fromGraphBody(json, res.status, true);
    const message = ownArray(json, 'messages')?.[0];
    const wamid = ownId(message, 'id');
    if (res.status < 200 || res.status >= 300 || wamid === undefined) {
      // Meta answered 2xx but we cannot tell what it accepted: treat as possibly sent.
      throw new GraphApiError(`Graph API returned an unreadable response (HTTP ${res.status})`, null, res.status, 'transient', true);
    }
    const contact = ownArray(json, 'contacts')?.[0];
    const result: SendResult = { wamid };
    const waId = ownId(contact, 'wa_id');
    const input = ownString(contact, 'input');
    const userId = ownId(contact, 'user_id');
    const messageStatus = ownString(message, 'message_status');
    if (waId !== undefined) result.waId = waId;
    if (input !== undefined) result.input = input;
    if (userId !== undefined) result.userId = userId;
    if (messageStatus !== undefined) result.messageStatus = messageStatus;
    return result;
  }

  async function getPhoneNumber(): Promise<PhoneNumberInfo> {
    const res = await getText(
      new URL(`${baseUrl}/${options.version}/${options.phoneNumberId}?fields=id,display_phone_number,verified_name,quality_rating`),
    );
    const json = parseJson(res.text);
    if (res.status >= 400 || ownRecord(json, 'error')) throw fromGraphBody(json, res.status, false);
    if (res.status >= 300 || !isRecord(json)) {
      throw new GraphApiError(`Graph API returned an unreadable response (HTTP ${res.status})`, null, res.status, 'transient', false);
    }
    const info: PhoneNumberInfo = { id: ownId(json, 'id') ?? options.phoneNumberId };
    const display = ownString(json, 'display_phone_number');
    const name = ownString(json, 'verified_name');
    const quality = ownString(json, 'quality_rating');
    if (display !== undefined) info.displayPhoneNumber = display;
    if (name !== undefined) info.verifiedName = name;
    if (quality !== undefined) info.qualityRating = quality;
    return info;
  }

  async function getMediaUrl(mediaId: string): Promise<MediaInfo> {
    // The id becomes a path segment: refuse anything that could change the path or query.
    if (typeof mediaId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(mediaId)) {
      throw new GraphApiError('Invalid media id', null, null, 'definitive', false);
    }
    const res = await getText(new URL(`${baseUrl}/${options.version}/${mediaId}`));
    const json = parseJson(res.text);
    if (res.status >= 400 || ownRecord(json, 'error')) throw fromGraphBody(json, res.status, false);
    const url = ownString(json, 'url');
    if (res.status >= 300 || !url)
      throw new GraphApiError(`Graph API returned an unreadable media response (HTTP ${res.status})`, null, res.status, 'transient', false);
    const fileSize = ownNumber(json, 'file_size');
    return {
      url,
      mimeType: ownString(json, 'mime_type') || 'application/octet-stream',
      sha256: ownString(json, 'sha256') ?? null,
      fileSize: fileSize ?? null,
    };
  }

  function checkOrigin(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new MediaDownloadError('origin_refused', 'Media URL is not a valid URL');
    }
    // SSRF guard: the bearer token and our network position are only ever used against Meta's hosts.
    if (!allowedOrigins.has(parsed.origin))
      throw new MediaDownloadError('origin_refused', `Media URL origin ${parsed.origin} is not allowed`);
    return parsed;
  }

  async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel();
      throw new MediaDownloadError('too_large', `Media is ${declared} bytes, over the ${maxBytes}-byte limit`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        // Stop reading as soon as the limit is passed: a lying or missing Content-Length cannot exhaust memory.
        if (total > maxBytes) {
          await reader.cancel();
          throw new MediaDownloadError('too_large', `Media is over the ${maxBytes}-byte limit`);
        }
        chunks.push(Buffer.from(value));
      }
    }
    return Buffer.concat(chunks, total);
  }

  async function downloadMedia(url: string, maxBytes: number, sha256?: string | null): Promise<Buffer> {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new RangeError('maxBytes must be a positive integer');
    let current = checkOrigin(url);
    for (let hop = 0; ; hop++) {
      // Redirects are followed by hand so every hop passes the origin check before the token is sent.
      const outcome = await exchange(current.href, { method: 'GET', headers: auth }, false, async (res) => {
        if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
          await res.body?.cancel();
          return { next: new URL(res.headers.get('location') ?? '', current).href, data: undefined };
        }
        if (res.status >= 400) throw fromGraphBody(parseJson(await res.text()), res.status, false);
        return { next: '', data: await readCapped(res, maxBytes) };
      });
      if (outcome.data) {
        if (sha256) {
          const expected = normaliseSha(sha256);
          const actual = createHash('sha256').update(outcome.data).digest();
          if (!expected || !expected.equals(actual))
            throw new MediaDownloadError('sha256_mismatch', 'Media content does not match its sha256');
        }
        return outcome.data;
      }
      if (hop >= MAX_REDIRECTS) throw new MediaDownloadError('too_many_redirects', 'Media download redirected too many times');
      current = checkOrigin(outcome.next);
    }
  }

  async function uploadMedia(file: { bytes: Uint8Array; mimeType: string; filename: string }): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', file.mimeType);
    form.append('file', new Blob([file.bytes], { type: file.mimeType }), file.filename);
    const url = `${baseUrl}/${options.version}/${options.phoneNumberId}/media`;
    // An upload that may have reached Meta only leaves an unused media id behind: never ambiguous, retry freely.
    const res = await exchange(url, { method: 'POST', headers: auth, body: form }, false, readText);
    const json = parseJson(res.text);
    if (res.status >= 400 || ownRecord(json, 'error')) throw fromGraphBody(json, res.status, false);
    const id = ownId(json, 'id');
    if (res.status >= 300 || id === undefined) {
      throw new GraphApiError(
        `Graph API returned an unreadable upload response (HTTP ${res.status})`,
        null,
        res.status,
        'transient',
        false,
      );
    }
    return id;
  }

  return { sendMessage, getPhoneNumber, getMediaUrl, downloadMedia, uploadMedia };
}
