import { createHmac, randomBytes } from 'node:crypto';

/** `X-Hub-Signature-256` value: 'sha256=' + lowercase hex HMAC-SHA256 of the raw body with the app secret (§1.2). */
export function signBody(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

/**
 * Serialises a webhook body the way Meta does: non-ASCII escaped as lowercase `\uXXXX` (emoji as surrogate
 * pairs) and '/' escaped as '\/'. A receiver that verifies a re-serialised `JSON.stringify(req.body)` instead
 * of the raw bytes gets a different string and fails the signature, exactly as it would in production
 * (§1.2: tawn33y/whatsapp-cloud-api#60).
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** Message ids look like Meta's: 'wamid.' + an opaque base64url token. */
export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}
