import type { ServerMessage } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { testEngine } from '../../testing/engines';
import { ADMIN_PASSWORD, startSecondNode, startTestApp, type TestApp } from '../../testing/test-app';
import { SESSION_ENDED } from './hub';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  base = await listen(t.app);
});
afterAll(() => t?.close());

async function listen(app: FastifyInstance) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return `ws://127.0.0.1:${port}/api/v1/ws`;
}

/** A socket plus a queue of what it received, so a test can wait for the next message. */
async function connect(url: string, cookie: string) {
  const ws = new WebSocket(url, { headers: { cookie } });
  const inbox: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (raw) => {
    inbox.push(JSON.parse(raw.toString()) as ServerMessage);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const next = async (pred: (m: ServerMessage) => boolean, ms = 5000): Promise<ServerMessage> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = inbox.findIndex(pred);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(inbox)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  return { ws, next, closed };
}

describe('realtime hub', () => {
  it('refuses a connection without a session', async () => {
    await expect(connect(base, 'parley_session=nope')).rejects.toThrow('HTTP 401');
  });

  it('greets, and pushes events published in a transaction after it commits', async () => {
    const cookie = await t.login();
    const sock = await connect(base, cookie);
    const hello = await sock.next((m) => m.type === 'hello');
    expect(hello).toMatchObject({ type: 'hello' });
    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { timezone: 'Asia/Tokyo' } });
    const ev = await sock.next((m) => m.type === 'event');
    expect(ev).toMatchObject({ type: 'event', event: { name: 'user.updated' } });
    sock.ws.close();
  });

  it('refuses rooms it has no right to, with the same answer as for rooms that do not exist', async () => {
    const cookie = await t.login();
    const sock = await connect(base, cookie);
    sock.ws.send(JSON.stringify({ type: 'subscribe', room: 'workspace:00000000-0000-4000-8000-000000000000' }));
    expect(await sock.next((m) => m.type === 'error')).toMatchObject({ message: expect.stringContaining('not found') });
    sock.ws.send('not json');
    expect(await sock.next((m) => m.type === 'error')).toMatchObject({ message: 'messages must be JSON' });
    sock.ws.close();
  });

  it('closes the sockets of other sessions when the password changes, and keeps this one', async () => {
    const other = await t.login();
    const current = await t.login();
    const otherSock = await connect(base, other);
    const currentSock = await connect(base, current);
    await currentSock.next((m) => m.type === 'hello');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: current },
      payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'rotated password 1' },
    });
    expect(res.statusCode).toBe(204);
    expect(await otherSock.closed).toBe(SESSION_ENDED);
    expect(currentSock.ws.readyState).toBe(WebSocket.OPEN);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: current },
      payload: { currentPassword: 'rotated password 1', newPassword: ADMIN_PASSWORD },
    });
    currentSock.ws.close();
  });

  it('closes sockets whose session timed out', async () => {
    const cookie = await t.login();
    const sock = await connect(base, cookie);
    await sock.next((m) => m.type === 'hello');
    await t.rt.hub.sweep();
    expect(sock.ws.readyState).toBe(WebSocket.OPEN);
    t.clock.advance((t.config.session.idleMinutes + 1) * 60_000);
    await t.rt.hub.sweep();
    expect(await sock.closed).toBe(SESSION_ENDED);
  });

  it('logout closes only that session\u2019s sockets', async () => {
    const a = await t.login();
    const b = await t.login();
    const sockA = await connect(base, a);
    const sockB = await connect(base, b);
    await sockB.next((m) => m.type === 'hello');
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: a } });
    expect(await sockA.closed).toBe(SESSION_ENDED);
    // B's socket still gets events
    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: b }, payload: { name: 'Still here' } });
    expect(await sockB.next((m) => m.type === 'event')).toMatchObject({ event: { name: 'user.updated' } });
    sockB.ws.close();
  });

  it.runIf(testEngine() === 'postgres')('fans events out across processes through LISTEN/NOTIFY', async () => {
    const node2 = await startSecondNode(t);
    try {
      const url2 = await listen(node2.app);
      const cookie = await t.login();
      const sock = await connect(url2, cookie);
      await sock.next((m) => m.type === 'hello');
      // the change is made on node 1; the socket lives on node 2
      await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { name: 'Cross Node' } });
      expect(await sock.next((m) => m.type === 'event')).toMatchObject({ event: { name: 'user.updated' } });
      // and a logout on node 1 closes the socket held by node 2
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
      expect(await sock.closed).toBe(SESSION_ENDED);
    } finally {
      await node2.close();
    }
  });
});
