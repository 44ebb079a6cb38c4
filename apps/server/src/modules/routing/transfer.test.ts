import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  conversationRow,
  createStaff,
  loadByAgent,
  ok,
  queuedJobs,
  runJobs,
  seedAgent,
  seedWaiting,
  type Staff,
} from '../../testing/routing';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { connectWhatsApp, whatsappEnv } from '../../testing/whatsapp';
import { createAdmin } from '../identity';
import { workspaces } from '../identity/tables';
import { assignConversations } from './assign-conversations';
import { expireReservations } from './expire-reservations';

let t: TestApp;
let admin: string;
let ws: string;
let channelId: string;
let sue: Staff; // supervisor
let anna: Staff;
let ben: Staff;
let eve: Staff;
let gone: Staff; // deactivated
let foreignUserId: string;
let support: string;

const MIN = 60_000;
const db = () => t.rt.deps.db;
const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });
const ago = (minutes: number) => new Date(t.clock.now().getTime() - minutes * MIN);
const transfer = (cookie: string, id: string, body: object) => call(cookie, 'POST', `/conversations/${id}/transfer`, body);

beforeAll(async () => {
  t = await startTestApp({ env: { ...whatsappEnv, SESSION_IDLE_MINUTES: '43200', SESSION_MAX_HOURS: '8760' } });
  admin = await t.login();
  ws = ok(await call(admin, 'GET', '/workspace')).id;
  channelId = (await connectWhatsApp(t, admin)).id;
  sue = await createStaff(t, admin, 'Sue Super', 'supervisor');
  anna = await createStaff(t, admin, 'Anna Agent');
  ben = await createStaff(t, admin, 'Ben Agent');
  eve = await createStaff(t, admin, 'Eve Agent');
  gone = await createStaff(t, admin, 'Gone Agent');
  ok(await call(admin, 'PATCH', `/users/${gone.userId}`, { active: false }));
  support = ok(await call(admin, 'POST', '/skillsets', { name: 'Support' }), 201).id;
  ok(await call(admin, 'PUT', `/skillsets/${support}/members`, { userIds: [ben.userId, eve.userId] }));
  ok(
    await call(admin, 'PUT', '/settings/routing', { ...ok(await call(admin, 'GET', '/settings/routing')), reservationTimeoutSeconds: 120 }),
  );
  await db().insert(workspaces).values({ name: 'Elsewhere' });
  await createAdmin(t.rt.deps, { email: 'boss@elsewhere.test', password: 'elsewhere password', workspaceName: 'Elsewhere' });
  foreignUserId = ok(await call(await t.login('boss@elsewhere.test', 'elsewhere password'), 'GET', '/me')).id;
});
afterAll(() => t?.close());

/** Each test starts from empty queues, nobody online, everyone on the default limit. */
beforeEach(async () => {
  await db().execute(sql`update conversations set state = 'closed' where state <> 'closed'`);
  await db().execute(sql`update routing_agents set availability = 'offline', max_open = null`);
  await runJobs(t);
});

/** A conversation the agent holds now. */
async function heldBy(userId: string, minutesAgo = 5): Promise<string> {
  const [id] = await seedWaiting(db(), ws, [{ since: ago(minutesAgo), channelId }]);
  await db().execute(
    sql`update conversations set state = 'assigned', assignee_id = ${userId}, assigned_at = ${ago(minutesAgo)} where id = ${id!}`,
  );
  return id!;
}
const online = (s: Staff, maxOpen: number) => seedAgent(db(), ws, s.userId, { maxOpen, at: t.clock.now() });

describe('immediate transfer to a person', () => {
  it('assigns at once when they have room, and the sender\u2019s freed place is filled', async () => {
    await online(anna, 1);
    await online(ben, 2);
    const x = await heldBy(anna.userId);
    const [next] = await seedWaiting(db(), ws, [{ since: ago(1), channelId }]);
    const res = ok(await transfer(anna.cookie, x, { to: { userId: ben.userId }, mode: 'immediate' }));
    expect(res).toEqual({
      conversationId: x,
      outcome: 'assigned',
      state: 'assigned',
      assigneeId: ben.userId,
      waitingSkillsetId: null,
      reservedForUserId: null,
      reservationExpiresAt: null,
    });
    expect(await queuedJobs(db(), 'routing.assign')).toHaveLength(1);
    await runJobs(t);
    expect((await conversationRow(db(), ws, next!)).assigneeId).toBe(anna.userId);
  });

  it('refuses an agent\u2019s transfer to a colleague at their limit or not online, saying why; a supervisor may go above the limit', async () => {
    await online(anna, 5);
    await online(ben, 1);
    await heldBy(ben.userId);
    const y = await heldBy(anna.userId);
    const full = await transfer(anna.cookie, y, { to: { userId: ben.userId }, mode: 'immediate' });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toBe(
      'Ben Agent already has 1 of 1 conversations open: transfer exclusively to hold it for them, or to a skillset',
    );
    expect((await conversationRow(db(), ws, y)).assigneeId).toBe(anna.userId);

    const offline = await transfer(anna.cookie, y, { to: { userId: eve.userId }, mode: 'immediate' });
    expect(offline.statusCode).toBe(409);
    expect(offline.json().error.message).toContain('Eve Agent is offline');

    expect(ok(await transfer(sue.cookie, y, { to: { userId: ben.userId }, mode: 'immediate' }))).toMatchObject({
      outcome: 'assigned',
      assigneeId: ben.userId,
    });
    expect((await loadByAgent(db(), ws)).get(ben.userId)).toBe(2);

    const again = await transfer(sue.cookie, y, { to: { userId: ben.userId }, mode: 'immediate' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('This conversation is already assigned to Ben Agent');
  });
});

describe('immediate transfer to a skillset', () => {
  it('goes to the least-loaded member with room', async () => {
    await online(anna, 5);
    await online(ben, 3);
    await online(eve, 3);
    await heldBy(ben.userId);
    const x = await heldBy(anna.userId);
    expect(ok(await transfer(anna.cookie, x, { to: { skillsetId: support }, mode: 'immediate' }))).toMatchObject({
      outcome: 'assigned',
      assigneeId: eve.userId,
    });
  });

  it('with nobody free, waits at the head of the skillset\u2019s queue, before older conversations', async () => {
    await online(anna, 5);
    const older = await seedWaiting(db(), ws, [
      { skillsetId: support, since: ago(60), channelId },
      { skillsetId: support, since: ago(50), channelId },
    ]);
    const x = await heldBy(anna.userId);
    expect(ok(await transfer(anna.cookie, x, { to: { skillsetId: support }, mode: 'immediate' }))).toMatchObject({
      outcome: 'queued',
      state: 'waiting',
      assigneeId: null,
      waitingSkillsetId: support,
      reservationExpiresAt: null,
    });
    await online(eve, 2);
    const made = await assignConversations(t.rt.deps, ws);
    expect(made.map((m) => m.conversationId)).toEqual([x, older[0]]);
  });
});

describe('exclusive transfer', () => {
  it('holds the conversation for its target only, until the reservation timeout returns it to the general queue', async () => {
    await online(anna, 5);
    await online(ben, 1);
    await online(eve, 5);
    await heldBy(ben.userId);
    await heldBy(anna.userId);
    const x = await heldBy(anna.userId);
    const res = ok(await transfer(anna.cookie, x, { to: { userId: ben.userId }, mode: 'exclusive' }));
    const expiresAt = new Date(t.clock.now().getTime() + 120_000).toISOString();
    expect(res).toEqual({
      conversationId: x,
      outcome: 'reserved',
      state: 'waiting',
      assigneeId: null,
      waitingSkillsetId: null,
      reservedForUserId: ben.userId,
      reservationExpiresAt: expiresAt,
    });
    // The expiry is a job due when the hold ends.
    const [expiry] = await queuedJobs(db(), 'routing.reservation-expiry');
    expect(expiry!.data).toEqual({ workspaceId: ws, conversationId: x });
    expect(Math.abs(expiry!.startAfter.getTime() - Date.now() - 120_000)).toBeLessThan(30_000);

    // Anna and Eve have room, the conversation waits: nobody else gets it.
    await runJobs(t);
    expect(await conversationRow(db(), ws, x)).toMatchObject({ state: 'waiting', reservedForUserId: ben.userId });

    t.clock.advance(119_000);
    expect(await expireReservations(t.rt.deps, { workspaceId: ws, conversationId: x })).toEqual([]);
    t.clock.advance(2_000);
    expect(await expireReservations(t.rt.deps, { workspaceId: ws, conversationId: x })).toEqual([{ workspaceId: ws, conversationId: x }]);
    expect(await expireReservations(t.rt.deps, { workspaceId: ws, conversationId: x })).toEqual([]); // idempotent
    expect(await conversationRow(db(), ws, x)).toMatchObject({
      state: 'waiting',
      reservedForUserId: null,
      reservationExpiresAt: null,
      waitingSkillsetId: null,
    });
    await runJobs(t);
    expect((await conversationRow(db(), ws, x)).assigneeId).toBe(eve.userId); // Anna still holds one, Eve none
  });

  it('is the target\u2019s the moment they have room', async () => {
    await online(anna, 5);
    await online(ben, 1);
    const bens = await heldBy(ben.userId);
    const x = await heldBy(anna.userId);
    expect(ok(await transfer(anna.cookie, x, { to: { userId: ben.userId }, mode: 'exclusive' })).outcome).toBe('reserved');
    ok(await call(ben.cookie, 'POST', `/conversations/${bens}/close`, { reason: 'Resolved' }));
    await runJobs(t);
    expect(await conversationRow(db(), ws, x)).toMatchObject({ state: 'assigned', assigneeId: ben.userId, reservedForUserId: null });
    // … and an exclusive transfer to someone with room is simply theirs.
    await online(eve, 2);
    const y = await heldBy(anna.userId);
    expect(ok(await transfer(anna.cookie, y, { to: { userId: eve.userId }, mode: 'exclusive' }))).toMatchObject({
      outcome: 'assigned',
      assigneeId: eve.userId,
    });
  });

  it('to a skillset: waits for its members only, then the general queue', async () => {
    await online(anna, 5);
    const x = await heldBy(anna.userId);
    expect(ok(await transfer(sue.cookie, x, { to: { skillsetId: support }, mode: 'exclusive' }))).toMatchObject({
      outcome: 'reserved',
      waitingSkillsetId: support,
      reservedForUserId: null,
    });
    await runJobs(t);
    expect((await conversationRow(db(), ws, x)).state).toBe('waiting'); // Anna has room but is not in Support
    t.clock.advance(121_000);
    expect(await expireReservations(t.rt.deps)).toEqual([{ workspaceId: ws, conversationId: x }]);
    await runJobs(t);
    expect((await conversationRow(db(), ws, x)).assigneeId).toBe(anna.userId);
  });
});

describe('refusals', () => {
  it('refuses to transfer a closed conversation', async () => {
    const x = await heldBy(anna.userId);
    ok(await call(anna.cookie, 'POST', `/conversations/${x}/close`, { reason: 'Resolved' }));
    const res = await transfer(admin, x, { to: { skillsetId: support }, mode: 'immediate' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'conflict', message: 'This conversation is closed: it cannot be transferred' });
  });

  it('refuses unknown, deactivated and other workspaces\u2019 targets with the field and the reason', async () => {
    const x = await heldBy(anna.userId);
    for (const userId of ['00000000-0000-4000-8000-000000000000', gone.userId, foreignUserId]) {
      const res = await transfer(admin, x, { to: { userId }, mode: 'immediate' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.issues).toEqual([{ field: 'to.userId', message: 'is not an active user of this workspace' }]);
    }
    const res = await transfer(admin, x, { to: { skillsetId: '00000000-0000-4000-8000-000000000000' }, mode: 'exclusive' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ field: 'to.skillsetId', message: 'is not a skillset of this workspace' }]);
    expect((await transfer(admin, x, { to: { userId: ben.userId }, mode: 'later' })).statusCode).toBe(400);
    expect((await transfer(admin, x, { to: {}, mode: 'immediate' })).statusCode).toBe(400);
    expect(
      (await transfer(admin, '00000000-0000-4000-8000-000000000000', { to: { skillsetId: support }, mode: 'immediate' })).statusCode,
    ).toBe(404);
    expect((await conversationRow(db(), ws, x)).assigneeId).toBe(anna.userId);
  });

  it('lets an agent transfer only what they hold', async () => {
    const x = await heldBy(anna.userId);
    const res = await transfer(ben.cookie, x, { to: { skillsetId: support }, mode: 'immediate' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('Agents can transfer only the conversations assigned to them');
  });
});

describe('readiness', () => {
  it('tells per skillset whether a member is online with room now', async () => {
    const notReady = ok(await call(admin, 'GET', `/skillsets/${support}/readiness`));
    expect(notReady).toEqual({
      skillsetId: support,
      name: 'Support',
      ready: false,
      readyAgents: 0,
      onlineMembers: 0,
      members: 2,
      waiting: 0,
    });
    await online(ben, 1);
    await heldBy(ben.userId);
    await seedWaiting(db(), ws, [{ skillsetId: support, since: ago(1), channelId }]);
    expect(ok(await call(admin, 'GET', `/skillsets/${support}/readiness`))).toMatchObject({ ready: false, onlineMembers: 1, waiting: 1 });
    await online(eve, 1);
    expect(ok(await call(anna.cookie, 'GET', `/skillsets/${support}/readiness`))).toMatchObject({
      ready: true,
      readyAgents: 1,
      onlineMembers: 2,
    });
    const all = ok(await call(admin, 'GET', '/skillsets/readiness')).items;
    expect(all).toEqual([expect.objectContaining({ skillsetId: support, ready: true })]);
    expect((await call(admin, 'GET', '/skillsets/00000000-0000-4000-8000-000000000000/readiness')).statusCode).toBe(404);
  });
});
