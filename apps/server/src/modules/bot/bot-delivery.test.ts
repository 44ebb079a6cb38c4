// The bot's replies on their way out: the fake Graph API (which enforces WhatsApp's limits on interactive
// messages) accepts its buttons and lists, and the send job re-checks the conversation before each send.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from '../channels';
import { deliverMessage } from '../conversations';
import { conversations, messages } from '../conversations/tables';
import { APP_SECRET, PHONE_NUMBER_ID, WABA_ID } from '../../testing/whatsapp';
import { acmePersonality, startBotWorld, type BotMessage, type BotWorld } from '../../testing/bot-world';

let w: BotWorld;
let fake: FakeGraph;
let n = 0;
const newCustomer = () => w.customer(`1650555${String(3000 + n++)}`, `Delivery customer ${n}`);
const db = () => w.t.rt.deps.db;

beforeAll(async () => {
  fake = await startFakeGraph({ statusDelaysMs: { sent: 10, delivered: 20, read: 30 } });
  w = await startBotWorld({ graphBaseUrl: fake.url });
  await w.t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = w.t.app.server.address() as { port: number };
  fake.registerNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '15550783881',
    wabaId: WABA_ID,
    accessToken: 'EAAG-test-access-token-0123456789',
    appSecret: APP_SECRET,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
  });
});
afterAll(async () => {
  await fake?.close();
  await w?.close();
});
beforeEach(async () => {
  await w.setBot('builtin', acmePersonality(w));
});

/** Run the send job of each message, as the worker would. */
async function deliver(ms: BotMessage[]) {
  for (const m of ms) await deliverMessage(w.t.rt.deps, { workspaceId: m.workspaceId, messageId: m.id }, { id: 'job', retryCount: 0 });
  return Promise.all(ms.map(async (m) => (await db().select().from(messages).where(eq(messages.id, m.id)))[0]!));
}
const sentBody = (m: BotMessage) => fake.sent(PHONE_NUMBER_ID).find((s) => s.wamid === m.providerMessageId)?.body;

describe('replies of one turn', () => {
  it('travel in one send job, so the menu never overtakes the greeting', async () => {
    const [greeting, menu] = await newCustomer().says('hello');
    const jobs = (await db().execute(
      sql`select data from pgboss.job where name = 'channels.send' and data->>'messageId' in (${greeting!.id}, ${menu!.id})`,
    )) as unknown as { rows: Array<{ data: { workspaceId: string; messageId: string; then?: string[] } }> };
    expect(jobs.rows.map((r) => r.data)).toEqual([{ workspaceId: greeting!.workspaceId, messageId: greeting!.id, then: [menu!.id] }]);
    const before = fake.sent(PHONE_NUMBER_ID).length;
    await deliverMessage(w.t.rt.deps, jobs.rows[0]!.data, { id: 'job', retryCount: 0 });
    const sent = fake.sent(PHONE_NUMBER_ID).slice(before);
    expect(sent.map((s) => s.body.type)).toEqual(['text', 'interactive']);
  });
});

describe('menus reach WhatsApp', () => {
  it('as reply buttons for ≤ 3 options', async () => {
    const [greeting, menu] = await deliver(await newCustomer().says('hello'));
    expect(sentBody(greeting!)).toMatchObject({ type: 'text', text: { body: 'Hi! Welcome to Acme.' } });
    expect(sentBody(menu!)).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'How can we help?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'menu:sales', title: 'Sales' } },
            { type: 'reply', reply: { id: 'menu:support', title: 'Support' } },
          ],
        },
      },
    });
  });

  it('as a list for more than 3 options', async () => {
    const options = (['sales', 'support', 'billing', 'returns'] as const).map((k) => ({
      id: k,
      label: k.toUpperCase(),
      skillsetId: w.skillsets[k],
    }));
    await w.setBot('builtin', acmePersonality(w, { menu: { prompt: 'Pick a team', options } }));
    const [, menu] = await deliver(await newCustomer().says('hello'));
    expect(menu!.providerMessageId).not.toBeNull();
    expect(sentBody(menu!)).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list',
        action: { button: 'Options', sections: [{ rows: options.map((o) => ({ id: `menu:${o.id}`, title: o.label })) }] },
      },
    });
  });
});

describe('the state is checked again before each send', () => {
  it('an agent who takes over between queue and send: the bot’s reply is not sent', async () => {
    const c = newCustomer();
    await deliver(await c.says('hello'));
    const answer = await c.says('shipping?');
    expect(answer).toHaveLength(1);
    await db()
      .update(conversations)
      .set({ state: 'assigned' })
      .where(eq(conversations.id, (await c.conversation()).id));
    const before = fake.sent(PHONE_NUMBER_ID).length;
    const [m] = await deliver(answer);
    expect(m).toMatchObject({ status: 'failed', errorTitle: 'Not sent: an agent took over', providerMessageId: null });
    expect(m!.failedAt).not.toBeNull();
    expect(fake.sent(PHONE_NUMBER_ID).length).toBe(before);
  });

  it('a pause between queue and send: not sent', async () => {
    const c = newCustomer();
    const greeting = await c.says('hello');
    expect((await w.api('POST', `/contacts/${(await c.contact()).id}/pause-bot`, { minutes: 10 })).statusCode).toBe(200);
    const sent = await deliver(greeting);
    expect(sent.map((m) => [m.status, m.errorTitle])).toEqual([
      ['failed', 'Not sent: the bot was paused'],
      ['failed', 'Not sent: the bot was paused'],
    ]);
  });

  it('the handoff notice goes out although the conversation now waits for a person', async () => {
    const c = newCustomer();
    await deliver(await c.says('hello'));
    const notice = await c.says('talk to a human');
    expect((await c.conversation()).state).toBe('waiting');
    const [m] = await deliver(notice);
    expect(m!.status).not.toBe('failed');
    expect(sentBody(m!)).toMatchObject({ type: 'text' });
  });

  it('the handoff notice goes out although an agent was assigned at once; an older reply does not', async () => {
    const c = newCustomer();
    await deliver(await c.says('hello'));
    const answer = await c.says('shipping?');
    w.t.clock.advance(2_000);
    const notice = await c.says('talk to a human');
    await db()
      .update(conversations)
      .set({ state: 'assigned' })
      .where(eq(conversations.id, (await c.conversation()).id));
    const [old] = await deliver(answer);
    expect(old).toMatchObject({ status: 'failed', errorTitle: 'Not sent: an agent took over' });
    const [m] = await deliver(notice);
    expect(m!.status).not.toBe('failed');
    expect(sentBody(m!)).toMatchObject({ type: 'text' });
  });

  it('a reply to a conversation an agent closed meanwhile: not sent', async () => {
    const c = newCustomer();
    const greeting = await c.says('hello');
    expect((await w.api('POST', `/conversations/${(await c.conversation()).id}/close`, { reason: 'Resolved' })).statusCode).toBe(200);
    const [m] = await deliver(greeting.slice(0, 1));
    expect(m).toMatchObject({ status: 'failed', errorTitle: 'Not sent: the conversation was closed' });
  });
});
