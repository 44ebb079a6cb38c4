import { randomBytes } from 'node:crypto';

/**
 * Graph API error bodies exactly as Meta shapes them (reference §5.4, §4.1, §6.4), so Parley's error
 * handling is exercised against the real structure: it must branch on `error.code`, not on HTTP status
 * or titles. Titles follow pywa's `errors.py` / Meta's error-codes page; they are informative only.
 */
export const GRAPH_ERROR_TITLES: Readonly<Record<number, string>> = {
  0: 'AuthException',
  1: 'API Unknown',
  2: 'API Service',
  4: 'API Too Many Calls',
  100: 'Invalid parameter',
  190: 'Access token has expired',
  368: 'Temporarily blocked for policies violations',
  130429: 'Rate limit hit',
  130472: "User's number is part of an experiment",
  130497: 'Business account is restricted from messaging users in this country',
  131000: 'Something went wrong',
  131005: 'Access denied',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131016: 'Service unavailable',
  131021: 'Recipient cannot be sender',
  131026: 'Message undeliverable',
  131031: 'Account has been locked',
  131042: 'Business eligibility payment issue',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'This message was not delivered to maintain healthy ecosystem engagement.',
  131050: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
  131051: 'Unsupported message type',
  131052: 'Media download error',
  131053: 'Media upload error',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  131057: 'Account in maintenance mode',
  131062: 'Business-scoped user ID recipients are not supported for this message',
  131064: 'Messaging limit reached',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  132005: 'Translated text too long',
  132007: 'Format character policy violated',
  132012: 'Parameter format does not match format in the created template',
  132015: 'Template is Paused',
  132016: 'Template is Disabled',
  133010: 'Phone number Not Registered',
};

/** Details Meta puts in `error_data.details` for the codes tests script most often. */
const DEFAULT_DETAILS: Readonly<Record<number, string>> = {
  130429: 'Message failed to send because there were too many messages sent from this phone number in a short period of time.',
  131026: 'Message Undeliverable.',
  131047: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  131049: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  131056:
    'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
};

export const ERROR_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

export function errorTitle(code: number): string {
  return GRAPH_ERROR_TITLES[code] ?? 'Unknown error';
}

export function defaultDetails(code: number): string {
  return DEFAULT_DETAILS[code] ?? errorTitle(code);
}

/**
 * The HTTP status Meta answers a synchronous error with. Most errors are 400 (even throughput 130429);
 * auth is 401; the "something went wrong" family is a 5xx so retry logic sees a server error.
 */
export function defaultHttpStatus(code: number): number {
  if (code === 190 || code === 0) return 401;
  if (code === 131016) return 503;
  if (code === 1 || code === 2 || code === 131000) return 500;
  return 400;
}

/** fbtrace_id is opaque to clients; Meta's look like 'AbCdEf123…' (base64-ish, ~23 chars). */
export function fbtraceId(): string {
  return randomBytes(16).toString('base64url').slice(0, 23);
}

export interface GraphErrorBody {
  error: {
    message: string;
    type: 'OAuthException';
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

/** `{ error: { message: '(#131009) Parameter value is not valid', type, code, error_data, fbtrace_id } }`. */
export function graphErrorBody(code: number, details?: string, title?: string): GraphErrorBody {
  return {
    error: {
      message: `(#${code}) ${title ?? errorTitle(code)}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: details ?? defaultDetails(code) },
      fbtrace_id: fbtraceId(),
    },
  };
}

/**
 * Meta's token errors carry no `(#190)` prefix and no `error_data` (they come from the Graph auth layer,
 * not from WhatsApp), so clients that assume `error_data` exists are caught here.
 */
export function authErrorBody(reason: string): GraphErrorBody {
  return { error: { message: `Invalid OAuth access token - ${reason}`, type: 'OAuthException', code: 190, fbtrace_id: fbtraceId() } };
}

/** Graph's answer for an object id the token cannot see (wrong phone number id, unknown media id). */
export function unsupportedRequestBody(method: 'get' | 'post', id: string): GraphErrorBody {
  return {
    error: {
      message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      type: 'OAuthException',
      code: 100,
      error_subcode: 33,
      fbtrace_id: fbtraceId(),
    },
  };
}

/** Graph's answer for a path it does not route. */
export function unknownPathBody(path: string): GraphErrorBody {
  return { error: { message: `Unknown path components: ${path}`, type: 'OAuthException', code: 2500, fbtrace_id: fbtraceId() } };
}

/** The `errors[]` entry of a failed status webhook (§4.1). */
export interface StatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

export function statusError(code: number, details?: string, title?: string): StatusError {
  const t = title ?? errorTitle(code);
  return { code, title: t, message: t, error_data: { details: details ?? defaultDetails(code) }, href: ERROR_HREF };
}
