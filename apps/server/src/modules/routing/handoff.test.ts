// The whole path: a customer picks a team from the bot's menu, the handoff announces itself in its transaction,
// and the job that follows assigns the conversation and tells the customer who has them.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmePersonality, startBotWorld, type BotWorld } from '../../testing/bot-world';
import { createStaff, queuedJobs, runJobs, type Staff } from '../../testing/routing';
import { messages } from '../conversations/tables';

let w: BotWorld;
let tess: Staff;

beforeAll(async () => {
  w = await startBotWorld();
  // Support hands over as soon as it is picked (a menu option with `handoff` on).
  const menu = acmePersonality(w).menu!;
  await w.setBot(
    'builtin',
    acmePersonality(w, { menu: { ...menu, options: menu.options.map((o) => ({ ...o, handoff: o.id === 'support' })) } }),
  );
  tess = await createStaff(w.t, w.admin, 'Tess Support');
  expect((await w.api('PUT', `/skillsets/${w.skillsets.support}/members`, { userIds: [tess.userId] })).statusCode).toBe(200);
});
afterAll(() => w?.close());

const systemTexts = async (conversationId: string) =>
  (
    await w.t.rt.deps.db
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.senderType, 'system')))
      .orderBy(messages.seq)
  ).map((m) => m.text);

describe('from the bot to an agent', () => {
  it('a menu choice is assigned to an online member of that team right after the handoff commits', async () => {
    const online = await w.t.app.inject({
      method: 'PUT',
      url: '/api/v1/agents/me/availability',
      headers: { cookie: tess.cookie },
      payload: { availability: 'online' },
    });
    expect(online.statusCode).toBe(200);
    await runJobs(w.t);

    const c = w.customer('16505550991', 'Routed Customer');
    await c.says('hi');
    await c.taps('button_reply', 'menu:support', 'Support');
    expect(await c.conversation()).toMatchObject({ state: 'waiting', waitingSkillsetId: w.skillsets.support });
    expect((await queuedJobs(w.t.rt.deps.db, 'conversations.queue-changed')).map((j) => j.data.change)).toEqual(['waiting']);

    await runJobs(w.t);
    const conv = await c.conversation();
    expect(conv).toMatchObject({ state: 'assigned', assigneeId: tess.userId, hadAgent: true });
    // Someone took it at once: no "you are in the queue", just who has them.
    expect(await systemTexts(conv.id)).toEqual(['You are now talking to Tess.']);
    // The bot stays silent now that a person has it.
    expect(await c.says('thanks!')).toEqual([]);
  });

  it('with nobody free, the customer hears they are in the queue, and the first member to free up gets it', async () => {
    const c = w.customer('16505550992', 'Queued Customer');
    const limit = await w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/agents/${tess.userId}`,
      headers: { cookie: w.admin },
      payload: { maxOpen: 1 },
    });
    expect(limit.statusCode).toBe(200);
    // The first test's conversation already fills Tess's one place.
    await c.says('hi');
    await c.taps('button_reply', 'menu:support', 'Support');
    await runJobs(w.t);
    const conv = await c.conversation();
    expect(conv.state).toBe('waiting');
    expect(await systemTexts(conv.id)).toEqual([
      'All our agents are busy right now. You are in the queue and we will be with you as soon as we can.',
    ]);

    const held = await w.t.app.inject({ method: 'GET', url: '/api/v1/conversations?state=assigned', headers: { cookie: w.admin } });
    const mine = held.json().items.filter((x: { assigneeId: string }) => x.assigneeId === tess.userId);
    expect(mine).toHaveLength(1);
    const closed = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${mine[0].id}/close`,
      headers: { cookie: tess.cookie },
      payload: { reason: 'Resolved' },
    });
    expect(closed.statusCode).toBe(200);
    await runJobs(w.t);
    expect(await c.conversation()).toMatchObject({ state: 'assigned', assigneeId: tess.userId });
    expect((await systemTexts(conv.id)).at(-1)).toBe('You are now talking to Tess.');
  });
});
