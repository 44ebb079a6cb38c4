// Test-only: a website chat widget channel and a widget client speaking its WebSocket protocol.
import type { WebchatChannel } from '@parley/contracts';
import WebSocket from 'ws';
import type { TestApp } from './test-app';

export async function createWidget(t: TestApp, cookie: string, extra: Record<string, unknown> = {}): Promise<WebchatChannel> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: { cookie },
    payload: { kind: 'webchat', name: 'Website', ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`widget channel: ${res.statusCode} ${res.body}`);
  return res.json() as WebchatChannel;
}

/** The base ws:// URL of an app listening on a loopback port. */
export async function listenForWidgets(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as { port: number };
  return `ws://127.0.0.1:${port}`;
}

// Frames are loosely typed here on purpose: tests assert on what actually came over the wire.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = Record<string, any>;

export interface WidgetClient {
  ws: WebSocket;
  /** Wait for (and remove) the first received frame matching `pred`. */
  next(pred: (f: Frame) => boolean, ms?: number): Promise<Frame>;
  /** Everything received and not yet taken by next(). */
  inbox: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  close(): Promise<void>;
}

/** Open a widget socket; resolves once open (a refused key is closed after opening, with a close code). */
export async function openWidget(base: string, key: string, opts: { origin?: string } = {}): Promise<WidgetClient> {
  const ws = new WebSocket(`${base}/widget/ws?key=${encodeURIComponent(key)}`, opts.origin ? { origin: opts.origin } : {});
  const inbox: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (raw) => {
    inbox.push(JSON.parse(raw.toString()) as Frame);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (pred: (f: Frame) => boolean, ms = 5000): Promise<Frame> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = inbox.findIndex(pred);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`timed out; received ${JSON.stringify(inbox)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return {
    ws,
    next,
    inbox,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    close: async () => {
      ws.close();
      await closed;
    },
  };
}

/** Open a socket and say hello; returns the client and its ready and history frames. */
export async function widgetHello(base: string, key: string, hello: { token?: string | null; after?: number } = {}, origin?: string) {
  const client = await openWidget(base, key, { origin });
  client.send({ type: 'hello', ...hello });
  const ready = await client.next((f) => f.type === 'ready');
  const history = await client.next((f) => f.type === 'history');
  return { client, ready, history: history.messages as Frame[] };
}
