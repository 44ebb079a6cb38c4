import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookPoster, assertLoopbackUrl } from './delivery';
import { graphErrorBody, unknownPathBody } from './graph-errors';
import { headersWithoutAuth, json, parseForRecord, readBody, type Reply } from './http-util';
import { buildInboundWebhook, type InboundCustomer, type InboundMediaKind, type InboundMessageInput } from './inbound-webhook';
import { legacyBrazilSet, waIdFor } from './recipients';
import { handleSend } from './routes-messages';
import { handleDownload, handleGetObject } from './routes-media';
import { handleUpload, UPLOAD_MAX_BYTES, type UploadedMedia } from './routes-upload';
import { handleCreateTemplate, handleListTemplates } from './routes-templates';
import { boundedPush, newScripts, type FakeState } from './state';
import { reviewTemplate, type ReviewOptions } from './template-webhooks';
import { syncRegistry, TemplateBook, type ManagedStatus, type ManagedTemplate, type SeedTemplateInput } from './templates-state';
import type {
  FailNextInput,
  FakeGraphOptions,
  HangOptions,
  MediaInput,
  NumberConfig,
  PairLimit,
  RecordedRequest,
  SentMessage,
  WebhookDelivery,
} from './types';
import type { TemplateInfo } from './validate-template';

export const FAKE_GRAPH_HOST = '127.0.0.1';

/** An inbound media message given as bytes: the fake registers the media so Parley can download it. */
export type FakeInboundMessage =
  | InboundMessageInput
  | (Omit<Extract<InboundMessageInput, { mediaId: string }>, 'mediaId' | 'sha256'> & {
      type: InboundMediaKind;
      bytes: Uint8Array;
      mediaId?: string;
    });

export interface InboundResult {
  /** HTTP status Parley's webhook answered (0 when the POST failed). */
  status: number;
  wamid: string;
  rawBody: string;
  signature: string;
}

export interface FakeGraph {
  /** Base URL, e.g. http://127.0.0.1:43117 — point Parley's Graph base URL here. */
  readonly url: string;
  readonly port: number;
  /** Every HTTP request the fake received, in arrival order of their answers. */
  readonly requests: readonly RecordedRequest[];
  /** Every webhook the fake POSTed (status and inbound). */
  readonly deliveries: readonly WebhookDelivery[];
  registerNumber(n: NumberConfig): void;
  registerTemplate(t: TemplateInfo): void;
  /** A template already in a WABA (as if made in WhatsApp Manager); APPROVED ones become sendable. */
  seedTemplate(wabaId: string, t: SeedTemplateInput): ManagedTemplate;
  /** The WABA's templates as the Business Management API lists them. */
  managedTemplates(wabaId: string): ManagedTemplate[];
  /** Meta decides: the template takes `event` and the signed status webhook is POSTed; resolves to Parley's HTTP status. */
  reviewTemplate(templateId: string, event: ManagedStatus, opts?: ReviewOptions): Promise<number>;
  /** Deleted in WhatsApp Manager (every language of the name): gone from the list and no longer sendable. */
  deleteTemplate(wabaId: string, name: string): void;
  addMedia(m: MediaInput): void;
  /** Files Parley uploaded to POST /{phone-number-id}/media (optionally of one number). */
  uploads(phoneNumberId?: string): UploadedMedia[];
  /** Accepted message bodies with their wamids (optionally of one number). */
  sent(phoneNumberId?: string): SentMessage[];
  /** Message ids Parley marked as read. */
  markedRead(phoneNumberId?: string): string[];
  failNext(f: FailNextInput): void;
  hangNext(ms: number, opts?: HangOptions): void;
  setWindowEnforced(on: boolean): void;
  /** The customer wrote at `at` (epoch ms or Date; default now): opens their 24 h window. */
  customerWrote(phoneNumberId: string, waId: string, at?: number | Date): void;
  setThroughput(phoneNumberId: string, mps: number | undefined): void;
  setPairLimit(phoneNumberId: string, limit: PairLimit | undefined): void;
  /** Plays a customer: POSTs a signed inbound-message webhook to the number's webhookUrl. */
  inboundWebhook(phoneNumberId: string, customer: InboundCustomer, message: FakeInboundMessage): Promise<InboundResult>;
  /** Resolves once no status webhook is pending or in flight. */
  idle(): Promise<void>;
  /** Forgets records, scripts, limits' counters and customers; keeps numbers, templates and media. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake Graph API on 127.0.0.1 (port 0 = ephemeral). */
export async function startFakeGraph(opts: FakeGraphOptions = {}): Promise<FakeGraph> {
  const now = opts.now ?? Date.now;
  const records = { requests: [] as RecordedRequest[], deliveries: [] as WebhookDelivery[] };
  const record = opts.recordLimit === undefined ? <T>(list: T[], item: T) => void list.push(item) : boundedPush(opts.recordLimit);
  const state: FakeState = {
    baseUrl: '',
    record,
    now,
    delays: { sent: 50, delivered: 100, read: 150, ...opts.statusDelaysMs },
    strictTemplates: opts.strictTemplates ?? false,
    legacyBrazil: legacyBrazilSet(opts.legacyBrazilWaIds),
    numbers: new Map(),
    templates: [...(opts.templates ?? [])],
    managed: new TemplateBook(),
    templateReviewMs: opts.templateReviewMs,
    media: new Map(),
    mediaUrls: new Map(),
    requests: records.requests,
    uploads: [],
    sent: [],
    markedRead: [],
    deliveries: records.deliveries,
    ...newScripts(),
    windowEnforced: false,
    poster: new WebhookPoster(opts.webhookTimeoutMs ?? 5000, now, (d) => record(records.deliveries, d)),
  };

  const registerNumber = (n: NumberConfig): void => {
    assertLoopbackUrl(n.webhookUrl);
    if (!/^\d+$/.test(n.displayPhoneNumber)) throw new Error('displayPhoneNumber must be digits without "+"');
    state.numbers.set(n.phoneNumberId, { ...n });
  };
  for (const n of opts.numbers ?? []) registerNumber(n);

  const server = createServer((req, res) => void serve(state, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, FAKE_GRAPH_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://${FAKE_GRAPH_HOST}:${port}`;

  const numberOf = (id: string): NumberConfig => {
    const n = state.numbers.get(id);
    if (!n) throw new Error(`phone number ${id} is not registered with the fake`);
    return n;
  };
  const addMedia = (m: MediaInput): void => {
    const bytes = Buffer.from(m.bytes);
    state.media.set(m.id, { ...m, bytes, sha256Hex: createHash('sha256').update(bytes).digest('hex') });
  };

  return {
    url: state.baseUrl,
    port,
    requests: state.requests,
    deliveries: state.deliveries,
    registerNumber,
    registerTemplate: (t) => void state.templates.unshift(t),
    seedTemplate: (wabaId, t) => {
      const seeded = state.managed.add(wabaId, t);
      syncRegistry(state.templates, seeded);
      return seeded;
    },
    managedTemplates: (wabaId) => state.managed.ofWaba(wabaId),
    reviewTemplate: (id, event, o) => reviewTemplate(state, id, event, o),
    deleteTemplate: (wabaId, name) => {
      for (const t of state.managed.remove(wabaId, name)) syncRegistry(state.templates, { ...t, status: 'DELETED' });
    },
    addMedia,
    uploads: (id) => state.uploads.filter((u) => id === undefined || u.phoneNumberId === id),
    sent: (id) => state.sent.filter((s) => id === undefined || s.phoneNumberId === id),
    markedRead: (id) => state.markedRead.filter((m) => id === undefined || m.phoneNumberId === id).map((m) => m.messageId),
    failNext: (f) => state.failures.push(f),
    hangNext: (ms, o) => state.hangs.push(ms, o),
    setWindowEnforced: (on) => void (state.windowEnforced = on),
    customerWrote: (id, waId, at) => {
      numberOf(id);
      const ms = at instanceof Date ? at.getTime() : (at ?? now());
      const key = /^\+?\d+$/.test(waId) ? waIdFor(waId.replace(/^\+/, ''), state.legacyBrazil) : waId;
      state.customers.wrote(id, key.includes('.') ? { userId: key } : { waId: key }, ms);
    },
    setThroughput: (id, mps) => void (numberOf(id).mps = mps),
    setPairLimit: (id, limit) => void (numberOf(id).pairLimit = limit),
    inboundWebhook: async (id, customer, message) => {
      const number = numberOf(id);
      let msg: InboundMessageInput;
      if ('bytes' in message) {
        const { bytes, mediaId, ...rest } = message;
        const mid = mediaId ?? String(BigInt(`0x${randomBytes(7).toString('hex')}`));
        addMedia({ id: mid, bytes, mimeType: rest.mimeType });
        msg = { ...rest, mediaId: mid, sha256: createHash('sha256').update(bytes).digest('base64') };
      } else msg = message;
      const built = buildInboundWebhook(number, customer, msg, now());
      state.customers.wrote(id, customer, built.timestamp * 1000);
      let status = 0;
      await new Promise<void>((resolve) =>
        state.poster.track(async () => {
          try {
            status = await state.poster.post(number.webhookUrl, built.rawBody, built.signature, {
              phoneNumberId: id,
              kind: 'inbound',
              wamid: built.wamid,
            });
          } finally {
            resolve();
          }
        }),
      );
      return { status, wamid: built.wamid, rawBody: built.rawBody, signature: built.signature };
    },
    idle: () => state.poster.idle(),
    reset: () => {
      state.requests.length = 0;
      state.deliveries.length = 0;
      state.sent.length = 0;
      state.uploads.length = 0;
      state.markedRead.length = 0;
      Object.assign(state, { ...newScripts(), windowEnforced: false });
    },
    close: async () => {
      state.poster.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Routes one request, writes the answer and records both. */
async function serve(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', state.baseUrl);
  // Media uploads may be as large as Meta takes (100 MB documents); everything else stays small.
  const raw = await readBody(req, req.method === 'POST' && url.pathname.endsWith('/media') ? UPLOAD_MAX_BYTES : undefined);
  const reply: Reply =
    raw === 'too-large' ? json(413, graphErrorBody(100, 'The request body is too large.')) : await route(state, req, url, raw);
  const record = (status: number, response: unknown): void => {
    state.record(state.requests, {
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: headersWithoutAuth(req),
      body: raw === 'too-large' ? undefined : isMultipart(req) ? { multipart: raw.length } : parseForRecord(raw),
      status,
      response,
      at: state.now(),
    });
  };
  if (reply.kind === 'drop') {
    record(0, undefined);
    req.socket.destroy();
    return;
  }
  if (reply.kind === 'bytes') {
    record(reply.status, { bytes: reply.bytes.length, contentType: reply.contentType });
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': reply.bytes.length });
    res.end(reply.bytes);
    return;
  }
  record(reply.status, reply.body);
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const VERSION = /^v\d+\.\d+$/;

// Uploaded files are recorded by size only (their bytes are in `uploads()`), so request logs stay readable.
const isMultipart = (req: IncomingMessage) => /^multipart\//i.test(req.headers['content-type'] ?? '');

async function route(state: FakeState, req: IncomingMessage, url: URL, raw: Buffer): Promise<Reply> {
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return json(400, unknownPathBody(url.pathname));
  }
  const [first, second, third] = parts;
  if (req.method === 'GET' && parts.length === 2 && first === 'media-download' && second) {
    return handleDownload(state, req, second, url.searchParams.get('token'));
  }
  if (first && VERSION.test(first) && second) {
    if (req.method === 'POST' && parts.length === 3 && third === 'messages') return handleSend(state, req, second, raw);
    if (req.method === 'POST' && parts.length === 3 && third === 'media') return handleUpload(state, req, second, raw);
    if (req.method === 'GET' && parts.length === 2) return handleGetObject(state, req, second);
    if (parts.length === 3 && third === 'message_templates') {
      if (req.method === 'GET') return handleListTemplates(state, req, url, second);
      if (req.method === 'POST') return handleCreateTemplate(state, req, second, raw);
    }
  }
  return json(400, unknownPathBody(url.pathname));
}
