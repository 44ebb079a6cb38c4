import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  conversationRow,
  createStaff,
  loadByAgent,
  ok,
  queuedJobs,
  runJobs,
  seedAgent,
  seedStaff,
  seedWaiting,
  type Staff,
} from '../../testing/routing';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { connectWhatsApp, postWebhook, processPending, textWebhook, whatsappEnv } from '../../testing/whatsapp';
import { contacts } from '../contacts/tables';
import { queueChangedJob } from '../conversations';
import { conversations, messages } from '../conversations/tables';
import { assignConversations } from './assign-conversations';
import { routingAgents } from './tables';

let t: TestApp;
let admin: string;
let ws: string;
let channelId: string;

const MIN = 60_000;
const db = () => t.rt.deps.db;
const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });
const ago = (minutes: number) => new Date(t.clock.now().getTime() - minutes * MIN);

async function skillset(name: string, priority?: number) {
  return ok(await call(admin, 'POST', '/skillsets', { name, ...(priority !== undefined ? { priority } : {}) }), 201).id as string;
}
async function members(skillsetId: string, userIds: string[]) {
  ok(await call(admin, 'PUT', `/skillsets/${skillsetId}/members`, { userIds }));
}

/** Each test starts from empty queues and nobody online. */
beforeEach(async () => {
  await db().execute(sql`update conversations set state = 'closed' where state <> 'closed'`);
  await db().execute(sql`update routing_agents set availability = 'offline'`);
  await runJobs(t); // what the clean-up itself enqueued, if anything
});

beforeAll(async () => {
  t = await startTestApp({ env: { ...whatsappEnv, SESSION_IDLE_MINUTES: '43200', SESSION_MAX_HOURS: '8760' } });
  admin = await t.login();
  ws = ok(await call(admin, 'GET', '/workspace')).id;
  channelId = (await connectWhatsApp(t, admin)).id;
});
afterAll(() => t?.close());

describe('who gets what', () => {
  it('serves skillset priority first, then the longest waiting; the general queue counts as priority 0', async () => {
    const high = await skillset('Order High', 10);
    const low = await skillset('Order Low');
    const [anna] = await seedStaff(db(), ws, ['Order Anna']);
    await members(high, [anna!]);
    await members(low, [anna!]);
    const [low1, high1, high2, general1, low2] = await seedWaiting(db(), ws, [
      { skillsetId: low, since: ago(50) },
      { skillsetId: high, since: ago(10) },
      { skillsetId: high, since: ago(20) },
      { skillsetId: null, since: ago(60) },
      { skillsetId: low, since: ago(40) },
    ]);
    const order: string[] = [];
    for (let limit = 1; limit <= 5; limit++) {
      await seedAgent(db(), ws, anna!, { maxOpen: limit, at: t.clock.now() });
      const made = await assignConversations(t.rt.deps, ws);
      expect(made).toHaveLength(1);
      order.push(made[0]!.conversationId);
    }
    expect(order).toEqual([high2, high1, general1, low1, low2]);
    expect(await assignConversations(t.rt.deps, ws)).toEqual([]);
  });

  it('gives the next conversation to the agent with the fewest open ones, and on a tie to the one idle longest', async () => {
    const [a, b, c] = await seedStaff(db(), ws, ['Load A', 'Load B', 'Load C']);
    for (const id of [a, b, c]) await seedAgent(db(), ws, id!, { maxOpen: 5, at: t.clock.now() });
    // A holds 2, B and C one each; C's last assignment is older than B's.
    const held = await seedWaiting(db(), ws, [{ since: ago(100) }, { since: ago(100) }, { since: ago(100) }, { since: ago(100) }]);
    const owners = [a, a, b, c];
    for (const [i, id] of held.entries()) {
      await db().execute(sql`update conversations set state = 'assigned', assignee_id = ${owners[i]!} where id = ${id}`);
    }
    await db()
      .update(routingAgents)
      .set({ lastAssignedAt: ago(5) })
      .where(eq(routingAgents.userId, b!));
    await db()
      .update(routingAgents)
      .set({ lastAssignedAt: ago(10) })
      .where(eq(routingAgents.userId, c!));
    await db()
      .update(routingAgents)
      .set({ lastAssignedAt: ago(30) })
      .where(eq(routingAgents.userId, a!));

    await seedWaiting(db(), ws, [{ since: ago(3) }, { since: ago(2) }, { since: ago(1) }]);
    t.clock.advance(1000);
    const first = await assignConversations(t.rt.deps, ws, { max: 1 });
    t.clock.advance(1000);
    const second = await assignConversations(t.rt.deps, ws, { max: 1 });
    t.clock.advance(1000);
    const third = await assignConversations(t.rt.deps, ws, { max: 1 });
    // C (1 open, idle 10 min) before B (1 open, idle 5 min); then all hold 2 and A has been idle longest.
    expect([first[0]!.agentId, second[0]!.agentId, third[0]!.agentId]).toEqual([c, b, a]);
  });

  it('never goes above a limit, keeps skillset queues to members, and leaves nothing assignable behind', async () => {
    const sales = await skillset('Limit Sales');
    const support = await skillset('Limit Support');
    const [a, b, c] = await seedStaff(db(), ws, ['Limit A', 'Limit B', 'Limit C']);
    await members(sales, [a!]);
    await members(support, [b!]);
    await seedAgent(db(), ws, a!, { maxOpen: 2, at: t.clock.now() });
    await seedAgent(db(), ws, b!, { maxOpen: 1, at: t.clock.now() });
    await seedAgent(db(), ws, c!, { maxOpen: 3, at: t.clock.now() });
    const seeds = [
      ...Array.from({ length: 4 }, (_, i) => ({ skillsetId: sales, since: ago(20 - i) })),
      ...Array.from({ length: 4 }, (_, i) => ({ skillsetId: support, since: ago(15 - i) })),
      ...Array.from({ length: 2 }, (_, i) => ({ skillsetId: null, since: ago(10 - i) })),
    ];
    await seedWaiting(db(), ws, seeds);
    await assignConversations(t.rt.deps, ws);
    const load = await loadByAgent(db(), ws);
    expect(load.get(a!)).toBe(2);
    expect(load.get(b!)).toBe(1);
    expect(load.get(c!)).toBe(2); // only the general queue is open to C
    const c_convs = await db()
      .select()
      .from(conversations)
      .where(and(eq(conversations.assigneeId, c!), eq(conversations.state, 'assigned')));
    expect(c_convs.every((x) => x.waitingSkillsetId === null)).toBe(true);
    const left = await db()
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, ws), eq(conversations.state, 'waiting')));
    expect(left.map((x) => x.waitingSkillsetId).sort()).toEqual([sales, sales, support, support, support].sort());
  });

  it('gives a conversation held for a person only to that person, and treats a deleted skillset\u2019s queue as the general one', async () => {
    const gone = await skillset('Soon Deleted');
    const [held, free] = await seedStaff(db(), ws, ['Held For', 'Free Agent']);
    await seedAgent(db(), ws, free!, { maxOpen: 5, at: t.clock.now() });
    const [reserved, orphan] = await seedWaiting(db(), ws, [
      { since: ago(30), reservedFor: held!, reservationExpiresAt: new Date(t.clock.now().getTime() + 5 * MIN) },
      { skillsetId: gone, since: ago(20) },
    ]);
    expect((await call(admin, 'DELETE', `/skillsets/${gone}`)).statusCode).toBe(204);
    const made = await assignConversations(t.rt.deps, ws);
    expect(made.map((m) => [m.conversationId, m.agentId])).toEqual([[orphan, free]]);
    expect((await conversationRow(db(), ws, reserved!)).state).toBe('waiting');
    await seedAgent(db(), ws, held!, { maxOpen: 1, at: t.clock.now() });
    expect((await assignConversations(t.rt.deps, ws)).map((m) => [m.conversationId, m.agentId])).toEqual([[reserved, held]]);
  });

  it('skips deactivated and away agents', async () => {
    const [away, inactive] = await seedStaff(db(), ws, ['Away Agent', 'Inactive Agent']);
    await seedAgent(db(), ws, away!, { availability: 'away', at: t.clock.now() });
    await seedAgent(db(), ws, inactive!, { at: t.clock.now() });
    await db().execute(sql`update users set active = false where id = ${inactive!}`);
    await seedWaiting(db(), ws, [{ since: ago(1) }]);
    expect(await assignConversations(t.rt.deps, ws)).toEqual([]);
  });
});

describe('the queue drains the moment an agent frees up', () => {
  let anna: Staff;
  let queue: string;
  beforeAll(async () => {
    anna = await createStaff(t, admin, 'Anna Drain');
    queue = await skillset('Drain');
    await members(queue, [anna.userId]);
  });

  it('when the agent comes online, closes a conversation, or gets a higher limit', async () => {
    ok(await call(admin, 'PATCH', `/agents/${anna.userId}`, { maxOpen: 2 }));
    const waiting = await seedWaiting(
      db(),
      ws,
      Array.from({ length: 5 }, (_, i) => ({ skillsetId: queue, since: ago(10 - i), channelId })),
    );

    // Online: the assignment job is enqueued with the change, and runs right after it.
    expect(ok(await call(anna.cookie, 'PUT', '/agents/me/availability', { availability: 'online' }))).toEqual({
      availability: 'online',
      maxOpen: 2,
      openCount: 0,
    });
    expect(await queuedJobs(db(), 'routing.assign')).toHaveLength(1);
    await runJobs(t);
    expect(await heldBy(anna.userId)).toEqual([waiting[0], waiting[1]]);

    // Closing one frees a place: the next oldest comes at once.
    ok(await call(anna.cookie, 'POST', `/conversations/${waiting[0]}/close`, { reason: 'Resolved' }));
    await runJobs(t);
    expect(await heldBy(anna.userId)).toEqual([waiting[1], waiting[2]]);

    // A higher limit is room too.
    const agent = ok(await call(admin, 'PATCH', `/agents/${anna.userId}`, { maxOpen: 4 }));
    expect(agent).toMatchObject({ maxOpen: 4, maxOpenOverride: 4, openCount: 2, availability: 'online' });
    await runJobs(t);
    expect(await heldBy(anna.userId)).toEqual([waiting[1], waiting[2], waiting[3], waiting[4]]);

    const listed = ok(await call(admin, 'GET', '/agents')).items.find((x: { userId: string }) => x.userId === anna.userId);
    expect(listed).toMatchObject({ openCount: 4, maxOpen: 4, availability: 'online', skillsetIds: [queue] });
    expect(ok(await call(anna.cookie, 'GET', '/agents/me/availability'))).toEqual({ availability: 'online', maxOpen: 4, openCount: 4 });
  });

  it('when a conversation starts waiting while an agent has room', async () => {
    await seedAgent(db(), ws, anna.userId, { maxOpen: 10, at: t.clock.now() });
    const [id] = await seedWaiting(db(), ws, [{ skillsetId: queue, since: ago(0) }]);
    // A handoff announces itself; here the seeded row stands in for one, and the announcement is the job.
    await t.rt.deps.queue.enqueue(undefined, queueChangedJob, {
      workspaceId: ws,
      change: 'waiting',
      conversationId: id!,
    });
    await runJobs(t);
    expect((await conversationRow(db(), ws, id!)).assigneeId).toBe(anna.userId);
  });

  it('refuses availability values it does not know, and lets only admins change limits', async () => {
    expect((await call(anna.cookie, 'PUT', '/agents/me/availability', { availability: 'busy' })).statusCode).toBe(400);
    expect((await call(anna.cookie, 'PATCH', `/agents/${anna.userId}`, { maxOpen: 50 })).statusCode).toBe(403);
    expect((await call(admin, 'PATCH', `/agents/${anna.userId}`, { maxOpen: 0 })).statusCode).toBe(400);
    expect((await call(admin, 'PATCH', `/agents/00000000-0000-4000-8000-000000000000`, { maxOpen: 3 })).statusCode).toBe(404);
  });

  async function heldBy(userId: string) {
    const rows = await db()
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.assigneeId, userId), eq(conversations.state, 'assigned')))
      .orderBy(conversations.waitingSince);
    return rows.map((r) => r.id);
  }
});

describe('what the customer hears', () => {
  it('"you are in the queue" only when nobody could take them, then "you are talking to <first name>", each once', async () => {
    ok(await call(admin, 'PUT', '/bot/settings', { mode: 'off' }));
    await postWebhook(t, textWebhook({ waId: '16505550777', name: 'Queued Customer' }, 'I need help', t.clock.now()));
    await processPending(t);
    const [contact] = await db().select().from(contacts).where(eq(contacts.channelName, 'Queued Customer'));
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, contact!.id));
    expect(conv!.channelId).toBe(channelId);

    const help = await skillset('Notices');
    const result = ok(await call(admin, 'POST', `/conversations/${conv!.id}/transfer`, { to: { skillsetId: help }, mode: 'immediate' }));
    expect(result).toMatchObject({ outcome: 'queued', state: 'waiting', waitingSkillsetId: help });
    await runJobs(t);
    await runJobs(t);
    expect(await systemTexts(conv!.id)).toEqual([
      'All our agents are busy right now. You are in the queue and we will be with you as soon as we can.',
    ]);

    const bob = await createStaff(t, admin, 'Bob Builder');
    await members(help, [bob.userId]);
    ok(await call(bob.cookie, 'PUT', '/agents/me/availability', { availability: 'online' }));
    await runJobs(t);
    await runJobs(t);
    expect((await conversationRow(db(), ws, conv!.id)).assigneeId).toBe(bob.userId);
    expect((await systemTexts(conv!.id)).at(-1)).toBe('You are now talking to Bob.');
    expect(await systemTexts(conv!.id)).toHaveLength(2);
  });

  async function systemTexts(conversationId: string) {
    const rows = await db()
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.senderType, 'system')))
      .orderBy(messages.seq);
    return rows.map((r) => r.text);
  }
});
