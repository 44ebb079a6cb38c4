import type { ServerMessage } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStaff, ok, queuedJobs, type Staff } from '../../testing/routing';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { dropAbsentAgents, LEASE_MS } from './presence';
import { routingAgentConnections, routingAgents } from './tables';

let t: TestApp;
let admin: string;
let ws: string;
let url: string;

const db = () => t.rt.deps.db;
const call = (cookie: string, method: 'GET' | 'PUT', path: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${path}`, headers: { cookie }, payload });

beforeAll(async () => {
  t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '43200', SESSION_MAX_HOURS: '8760' } });
  admin = await t.login();
  ws = ok(await call(admin, 'GET', '/workspace')).id;
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `ws://127.0.0.1:${(t.app.server.address() as { port: number }).port}/api/v1/ws`;
});
afterAll(() => t?.close());

/** A desk connection for the agent; resolves once the server has recorded it. */
async function desk(s: Staff) {
  const socket = new WebSocket(url, { headers: { cookie: s.cookie } });
  const inbox: ServerMessage[] = [];
  socket.on('message', (raw) => inbox.push(JSON.parse(raw.toString()) as ServerMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  await until(() => inbox.some((m) => m.type === 'hello'));
  await t.app.presence.settled();
  return {
    inbox,
    async close() {
      const before = await connections(s);
      const closed = new Promise((r) => socket.once('close', r));
      socket.close();
      await closed;
      await until(async () => (await connections(s)) < before);
      await t.app.presence.settled();
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function connections(s: Staff) {
  return (await db().select().from(routingAgentConnections).where(eq(routingAgentConnections.userId, s.userId))).length;
}
async function availability(s: Staff) {
  return ok(await call(s.cookie, 'GET', '/agents/me/availability')).availability as string;
}
async function agentRow(s: Staff) {
  const [row] = await db()
    .select()
    .from(routingAgents)
    .where(and(eq(routingAgents.workspaceId, ws), eq(routingAgents.userId, s.userId)));
  return row!;
}
/** The sweep, and whether it dropped this agent (others' grace periods from earlier tests may end too). */
const droppedNow = async (s: Staff) => (await dropAbsentAgents(t.rt.deps)).some((d) => d.userId === s.userId);
const check = (s: Staff) => dropAbsentAgents(t.rt.deps, { workspaceId: ws, userId: s.userId });

describe('presence', () => {
  it('keeps an agent online through the grace period after their last desk closes, then drops them to offline', async () => {
    const anna = await createStaff(t, admin, 'Anna Presence');
    const sock = await desk(anna);
    expect(await connections(anna)).toBe(1);
    ok(await call(anna.cookie, 'PUT', '/agents/me/availability', { availability: 'online' }));
    expect((await agentRow(anna)).presenceLostAt).toBeNull(); // a desk is open: no grace period runs

    await sock.close();
    expect(await connections(anna)).toBe(0);
    expect((await agentRow(anna)).presenceLostAt).toEqual(t.clock.now());
    const jobs = (await queuedJobs(db(), 'routing.presence-check')).filter((j) => j.data.userId === anna.userId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.startAfter.getTime() - Date.now()).toBeGreaterThan(50_000); // the default grace, 60 s

    t.clock.advance(59_000);
    expect(await check(anna)).toEqual([]);
    expect(await availability(anna)).toBe('online');
    t.clock.advance(1_000);
    expect(await check(anna)).toEqual([{ workspaceId: ws, userId: anna.userId }]);
    expect(await availability(anna)).toBe('offline');
  });

  it('a reload inside the grace period changes nothing; one desk closing while another is open changes nothing', async () => {
    const ben = await createStaff(t, admin, 'Ben Presence');
    const first = await desk(ben);
    ok(await call(ben.cookie, 'PUT', '/agents/me/availability', { availability: 'online' }));
    await first.close();
    t.clock.advance(30_000);
    const second = await desk(ben); // the page came back
    expect((await agentRow(ben)).presenceLostAt).toBeNull();
    t.clock.advance(60_000);
    await t.app.presence.beat();
    expect(await check(ben)).toEqual([]);
    expect(await availability(ben)).toBe('online');

    const third = await desk(ben);
    await second.close();
    expect((await agentRow(ben)).presenceLostAt).toBeNull();
    t.clock.advance(120_000);
    await t.app.presence.beat();
    expect(await dropAbsentAgents(t.rt.deps)).toEqual([]);
    expect(await availability(ben)).toBe('online');
    await third.close();
  });

  it('an agent whose process died loses presence when the lease lapses, then the grace period runs', async () => {
    const cat = await createStaff(t, admin, 'Cat Presence');
    // A desk held by another process, which then died: its row is never renewed again.
    const lastSeen = t.clock.now();
    await db()
      .insert(routingAgentConnections)
      .values({ workspaceId: ws, userId: cat.userId, connectionId: '00000000-0000-4000-8000-0000000000ca', seenAt: lastSeen });
    ok(await call(cat.cookie, 'PUT', '/agents/me/availability', { availability: 'online' }));
    expect((await agentRow(cat)).presenceLostAt).toBeNull();
    t.clock.advance(LEASE_MS + 1_000);
    expect(await droppedNow(cat)).toBe(false); // lapsed: the grace period starts at the last sign of life
    expect(await connections(cat)).toBe(0);
    expect((await agentRow(cat)).presenceLostAt).toEqual(lastSeen);
    t.clock.advance(60_000 - LEASE_MS);
    expect(await droppedNow(cat)).toBe(true);
    expect(await availability(cat)).toBe('offline');
  });

  it('going online with no desk open starts the grace period at once, and the grace period is a workspace setting', async () => {
    const dan = await createStaff(t, admin, 'Dan Presence');
    const settings = ok(await call(admin, 'GET', '/settings/routing'));
    ok(await call(admin, 'PUT', '/settings/routing', { ...settings, presenceGraceSeconds: 20 }));
    ok(await call(dan.cookie, 'PUT', '/agents/me/availability', { availability: 'away' }));
    t.clock.advance(19_000);
    expect(await droppedNow(dan)).toBe(false);
    t.clock.advance(1_000);
    expect(await droppedNow(dan)).toBe(true);
    expect(await availability(dan)).toBe('offline');
    ok(await call(admin, 'PUT', '/settings/routing', settings));
  });

  it('tells the workspace\u2019s desks when an agent\u2019s availability changes', async () => {
    const eve = await createStaff(t, admin, 'Eve Presence');
    const watcher = await desk(eve);
    ok(await call(eve.cookie, 'PUT', '/agents/me/availability', { availability: 'online' }));
    await until(() =>
      watcher.inbox.some((m) => m.type === 'event' && m.event.name === 'agent.updated' && m.event.data.userId === eve.userId),
    );
    const event = watcher.inbox.find((m) => m.type === 'event' && m.event.name === 'agent.updated');
    expect(event).toMatchObject({ event: { data: { userId: eve.userId, availability: 'online', maxOpen: 5, openCount: 0 } } });
    await watcher.close();
  });
});
