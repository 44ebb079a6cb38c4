// Test-only: a staff WebSocket on a listening test app, with a way to wait for the next matching message.
import type { ServerMessage } from '@parley/contracts';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';

export async function listenForSockets(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return `ws://127.0.0.1:${port}/api/v1/ws`;
}

export async function connectStaffSocket(url: string, cookie: string) {
  const ws = new WebSocket(url, { headers: { cookie } });
  const inbox: ServerMessage[] = [];
  ws.on('message', (raw) => inbox.push(JSON.parse(raw.toString()) as ServerMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  /** Every message so far matching `pred`; waits (up to `ms`) until at least one does. */
  const waitFor = async (pred: (m: ServerMessage) => boolean, ms = 20_000): Promise<ServerMessage[]> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = inbox.filter(pred);
      if (found.length > 0) return found;
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(inbox.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { ws, inbox, waitFor, close: () => ws.close() };
}
