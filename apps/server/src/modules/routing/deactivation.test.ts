import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  conversationRow,
  createStaff,
  ok,
  queuedJobs,
  ROUTING_JOBS,
  runJobs,
  seedAgent,
  seedWaiting,
  type Staff,
} from '../../testing/routing';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { assignConversations } from './assign-conversations';
import { requeueAgentConversations } from './requeue-agent';
import { sweepRouting } from './sweep';
import { routingAgents } from './tables';

// When an admin deactivates an agent, the conversations they hold go back to the queue (at its head) and assignment
// runs; the ones held for them by an exclusive transfer are released to the general queue.
let t: TestApp;
let admin: string;
let ws: string;
let support: string;
let people: Staff[] = [];

const MIN = 60_000;
const JOBS = [...ROUTING_JOBS, 'identity.user-deactivated'];
const db = () => t.rt.deps.db;
const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });
const ago = (minutes: number) => new Date(t.clock.now().getTime() - minutes * MIN);

beforeAll(async () => {
  t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '43200', SESSION_MAX_HOURS: '8760' } });
  admin = await t.login();
  ws = ok(await call('GET', '/workspace')).id;
  support = ok(await call('POST', '/skillsets', { name: 'Support' }), 201).id;
});
afterAll(() => t?.close());

/** Fresh agents for every test (a deactivated one stays so), nobody else online, queues empty. */
let n = 0;
beforeEach(async () => {
  await db().execute(sql`update conversations set state = 'closed' where state <> 'closed'`);
  await db().execute(sql`update routing_agents set availability = 'offline'`);
  n++;
  people = [await createStaff(t, admin, `Anna ${n}`), await createStaff(t, admin, `Ben ${n}`)];
  ok(await call('PUT', `/skillsets/${support}/members`, { userIds: people.map((p) => p.userId) }));
  await runJobs(t, JOBS);
});

async function heldBy(userId: string, assignedMinutesAgo: number, skillsetId: string | null = null): Promise<string> {
  const [id] = await seedWaiting(db(), ws, [{ since: ago(assignedMinutesAgo + 1), skillsetId }]);
  await db().execute(
    sql`update conversations set state = 'assigned', assignee_id = ${userId}, assigned_at = ${ago(assignedMinutesAgo)} where id = ${id!}`,
  );
  return id!;
}

describe('deactivating an agent', () => {
  it('their conversations go back to their queues ahead of waiting customers, and assignment gives them out at once', async () => {
    const [anna, ben] = people as [Staff, Staff];
    await seedAgent(db(), ws, anna.userId, { availability: 'online', at: t.clock.now() });
    const first = await heldBy(anna.userId, 20, support);
    const second = await heldBy(anna.userId, 10);
    const [waiting] = await seedWaiting(db(), ws, [{ since: ago(30) }]); // waited longer than either was held
    const [heldForAnna] = await seedWaiting(db(), ws, [
      { since: ago(5), reservedFor: anna.userId, reservationExpiresAt: new Date(t.clock.now().getTime() + 10 * MIN) },
    ]);
    // Ben has room for two.
    await seedAgent(db(), ws, ben.userId, { availability: 'online', maxOpen: 2, at: t.clock.now() });

    ok(await call('PATCH', `/users/${anna.userId}`, { active: false }));
    expect((await queuedJobs(db(), 'identity.user-deactivated')).map((j) => j.data)).toEqual([{ workspaceId: ws, userId: anna.userId }]);
    await runJobs(t, JOBS);

    // Anna's two customers were being served: they go first, to Ben; the others wait.
    expect(await conversationRow(db(), ws, first)).toMatchObject({ state: 'assigned', assigneeId: ben.userId });
    expect(await conversationRow(db(), ws, second)).toMatchObject({ state: 'assigned', assigneeId: ben.userId });
    expect(await conversationRow(db(), ws, waiting!)).toMatchObject({ state: 'waiting' });
    // Released from Anna's hold into the general queue, no longer reserved.
    expect(await conversationRow(db(), ws, heldForAnna!)).toMatchObject({
      state: 'waiting',
      reservedForUserId: null,
      reservationExpiresAt: null,
      waitingSkillsetId: null,
    });
    const agents = ok(await call('GET', '/agents')).items as Array<{ userId: string }>;
    expect(agents.some((a) => a.userId === anna.userId)).toBe(false);
    const [state] = await db().select().from(routingAgents).where(eq(routingAgents.userId, anna.userId));
    expect(state!.availability).toBe('offline');
  });

  it('with nobody free, they wait at the head of the queue they came from', async () => {
    const [anna] = people as [Staff, Staff];
    const fromSupport = await heldBy(anna.userId, 15, support);
    const [earlier] = await seedWaiting(db(), ws, [{ since: ago(60), skillsetId: support }]);

    ok(await call('PATCH', `/users/${anna.userId}`, { active: false }));
    await runJobs(t, JOBS);
    const back = await conversationRow(db(), ws, fromSupport);
    expect(back).toMatchObject({ state: 'waiting', assigneeId: null, waitingSkillsetId: support });
    // Ahead of a customer who has waited an hour: its place sorts before every normal arrival.
    const other = await conversationRow(db(), ws, earlier!);
    expect(back.queueOrder!.getTime()).toBeLessThan((other.queueOrder ?? other.waitingSince!).getTime());

    // The first agent to come online gets it before the older arrival.
    const [, ben] = people as [Staff, Staff];
    await seedAgent(db(), ws, ben.userId, { availability: 'online', maxOpen: 1, at: t.clock.now() });
    await assignConversations(t.rt.deps, ws);
    expect(await conversationRow(db(), ws, fromSupport)).toMatchObject({ state: 'assigned', assigneeId: ben.userId });
    expect(await conversationRow(db(), ws, earlier!)).toMatchObject({ state: 'waiting' });
  });

  it('a reactivation before the job runs keeps everything; a second run moves nothing more', async () => {
    const [anna] = people as [Staff, Staff];
    const kept = await heldBy(anna.userId, 5);
    ok(await call('PATCH', `/users/${anna.userId}`, { active: false }));
    ok(await call('PATCH', `/users/${anna.userId}`, { active: true }));
    await runJobs(t, JOBS);
    expect(await conversationRow(db(), ws, kept)).toMatchObject({ state: 'assigned', assigneeId: anna.userId });

    ok(await call('PATCH', `/users/${anna.userId}`, { active: false }));
    await runJobs(t, JOBS);
    expect(await conversationRow(db(), ws, kept)).toMatchObject({ state: 'waiting', assigneeId: null });
    expect(await requeueAgentConversations(t.rt.deps, { workspaceId: ws, userId: anna.userId })).toEqual([]);
  });

  it('the sweep hands back what an inactive agent still holds (a lost job, or data from before the rule)', async () => {
    const [anna] = people as [Staff, Staff];
    ok(await call('PATCH', `/users/${anna.userId}`, { active: false }));
    await runJobs(t, JOBS);
    // Written straight into storage, as if the job had never run.
    const stale = await heldBy(anna.userId, 3);
    await sweepRouting(t.rt.deps);
    expect(await conversationRow(db(), ws, stale)).toMatchObject({ state: 'waiting', assigneeId: null });
  });
});
