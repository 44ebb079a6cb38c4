// Test helper (not a suite): a tiny webhook receiver on 127.0.0.1 standing in for Parley's endpoint,
// keeping the raw bytes so signatures can be checked exactly as Parley must check them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  rawBody: string;
  signature: string | undefined;
  body: Record<string, unknown>;
  path: string;
  remoteAddress: string | undefined;
}

export interface Receiver {
  url: string;
  hits: ReceivedWebhook[];
  /** Status the receiver answers (default 200). */
  answer: number;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/webhooks/whatsapp'): Promise<Receiver> {
  const hits: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const receiver: Receiver = {
    url: '',
    hits,
    answer: 200,
    waitFor: (count, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (hits.length < count) return false;
          clearTimeout(timer);
          resolve(hits.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`expected ${count} webhooks, got ${hits.length}`)), timeoutMs);
        const retry = (): void => {
          if (!check()) waiters.push(retry);
        };
        retry();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const sig = req.headers['x-hub-signature-256'];
      hits.push({
        rawBody,
        signature: typeof sig === 'string' ? sig : undefined,
        body: JSON.parse(rawBody) as Record<string, unknown>,
        path: req.url ?? '',
        remoteAddress: req.socket.remoteAddress,
      });
      res.writeHead(receiver.answer).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
