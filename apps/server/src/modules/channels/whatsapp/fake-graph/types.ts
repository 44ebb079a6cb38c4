import type { TemplateInfo } from './validate-template';

/** A business phone number the fake serves, with everything needed to authenticate and sign. */
export interface NumberConfig {
  phoneNumberId: string;
  /** Digits, no '+' (as in `metadata.display_phone_number`). */
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  /** Where status and inbound webhooks are POSTed; must be on 127.0.0.1. */
  webhookUrl: string;
  /** Send a `read` status after `delivered` (default true). */
  sendRead?: boolean;
  /** Throughput limit in messages per second (default unlimited); over it: HTTP 400, code 130429. */
  mps?: number;
  /** Pair rate limit (same number → same recipient); over it: HTTP 400, code 131056. Default off. */
  pairLimit?: PairLimit;
  /** Shown by `GET /{version}/{phone-number-id}`. */
  verifiedName?: string;
}

export interface PairLimit {
  max: number;
  perMs: number;
}

export interface StatusDelays {
  sent: number;
  delivered: number;
  read: number;
}

export interface FakeGraphOptions {
  /** Default 0 (an ephemeral port). The host is always 127.0.0.1. */
  port?: number;
  numbers?: NumberConfig[];
  /**
   * Brazilian accounts still keyed without the mobile 9th digit, in either form; `'all'` applies the simple
   * rule "every 55+AA+9+8-digit number answers a wa_id without the 9". Default: none.
   */
  legacyBrazilWaIds?: Iterable<string> | 'all';
  /** Milliseconds after the send response at which sent / delivered / read are POSTed (default 50/100/150). */
  statusDelaysMs?: Partial<StatusDelays>;
  /** Templates the fake knows (category for pricing, body for parameter checks). */
  templates?: TemplateInfo[];
  /** Answer 132001 for templates that were not registered (default false: unknown templates are accepted as marketing). */
  strictTemplates?: boolean;
  /**
   * Approve every newly submitted template this many ms after its creation, with the status webhook (demos,
   * journeys, a fake in another process). Default: never; tests call `reviewTemplate`.
   */
  templateReviewMs?: number;
  /** Clock in epoch ms for timestamps and the 24 h window (default Date.now). */
  now?: () => number;
  /** Timeout of each webhook POST (default 5000 ms). */
  webhookTimeoutMs?: number;
  /**
   * Keep at most this many entries in each record (requests, sent, deliveries, marked-read), dropping the
   * oldest. Default unlimited, which suits tests; a long-running simulator or benchmark should set it.
   */
  recordLimit?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. '/v23.0/123/messages'. */
  path: string;
  /** Lower-cased request headers without `authorization`. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** 0 when the fake dropped the connection (hangNext). */
  status: number;
  /** Parsed JSON response; for media downloads, a `{ bytes }` summary. */
  response: unknown;
  at: number;
}

export interface SentMessage {
  phoneNumberId: string;
  wamid: string;
  /** The body exactly as Parley sent it (parsed JSON). */
  body: Record<string, unknown>;
  type: string;
  /** wa_id answered in `contacts[0].wa_id` (undefined for BSUID sends). */
  waId?: string;
  userId?: string;
  /** Set when the fake will report this message `failed` by webhook (scripted or window). */
  failedWith?: number;
  at: number;
}

export interface WebhookDelivery {
  phoneNumberId: string;
  url: string;
  /** `template`: a message_template_status_update (its `wamid` holds the template id). */
  kind: 'status' | 'inbound' | 'template';
  /** For status webhooks: the status carried. */
  status?: 'sent' | 'delivered' | 'read' | 'failed';
  wamid: string;
  rawBody: string;
  signature: string;
  /** HTTP status of the receiver, or 0 when the POST failed. */
  responseStatus: number;
  error?: string;
  at: number;
}

export interface FailNextInput {
  code: number;
  /** Default per code: 401 for 190, 5xx for 1/2/131000/131016, else 400. Ignored when async. */
  httpStatus?: number;
  /** true: the send succeeds, then a `failed` status webhook carries the code. */
  async?: boolean;
  /** How many consecutive sends fail (default 1). */
  count?: number;
  details?: string;
  title?: string;
  /** Only sends from this number consume the script (default: any number). */
  phoneNumberId?: string;
}

export interface HangOptions {
  /**
   * 'drop' (default): after `ms` the connection is destroyed and nothing is sent.
   * 'respond': after `ms` the send is processed and answered normally; if the client gave up, the message
   * still went out — the ambiguous-timeout case.
   */
  then?: 'drop' | 'respond';
}

export interface MediaInput {
  id: string;
  bytes: Uint8Array;
  mimeType: string;
}
