// Test helper (not a suite): a tiny webhook receiver on 127.0.0.1 standing in for Parley's endpoint. It keeps
// the raw body and the secret-token header, and can run a handler (e.g. reply through the Bot API) first.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedUpdate {
  rawBody: string;
  secretToken: string | string[] | undefined;
  body: Record<string, unknown>;
  path: string;
  contentType: string | undefined;
  remoteAddress: string | undefined;
}

export interface Receiver {
  url: string;
  hits: ReceivedUpdate[];
  /** Status the receiver answers (default 200). */
  answer: number;
  /** Runs before answering; its status (if any) wins over `answer`. */
  onUpdate?: (hit: ReceivedUpdate, req: IncomingMessage) => Promise<number | void> | number | void;
  close(): Promise<void>;
}

export async function startReceiver(path = '/webhooks/telegram'): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    hits: [],
    answer: 200,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const hit: ReceivedUpdate = {
        rawBody,
        secretToken: req.headers['x-telegram-bot-api-secret-token'],
        body: JSON.parse(rawBody) as Record<string, unknown>,
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        remoteAddress: req.socket.remoteAddress,
      };
      receiver.hits.push(hit);
      void Promise.resolve(receiver.onUpdate?.(hit, req)).then(
        (status) => res.writeHead(typeof status === 'number' ? status : receiver.answer).end(),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}

/**
 * Bot API answers read loosely: assertions compare them field by field against literal expectations,
 * which typing every shape would only obscure.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Calls the fake's Bot API directly (no Parley code involved), as JSON unless a form body is given. */
export async function botApi(
  baseUrl: string,
  token: string,
  method: string,
  params: Record<string, unknown> | URLSearchParams = {},
): Promise<{ status: number; json: Json }> {
  const form = params instanceof URLSearchParams;
  const res = await fetch(`${baseUrl}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? params.toString() : JSON.stringify(params),
  });
  return { status: res.status, json: await res.json() };
}
