// The built-in bot in the inbound path, through real signed WhatsApp webhooks: what the customer gets, and what
// happens to the conversation and the contact, all in the transaction of the customer's message.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postWebhook, processPending, textWebhook } from '../../testing/whatsapp';
import { inboundEvents } from '../channels/tables';
import { contactAttributeValues, goalCompletions } from '../contacts/tables';
import { processInboundEvent, type InboundHooks } from '../conversations';
import { conversations, messages } from '../conversations/tables';
import { acmePersonality, contentOf, startBotWorld, type BotWorld, type Customer } from '../../testing/bot-world';
import { onCustomerMessage } from './run-bot';
import { botConversationStates } from './tables';

let w: BotWorld;
let n = 0;
/** A new customer per test: each starts a new conversation. */
const newCustomer = () => w.customer(`1650555${String(2000 + n++)}`, `Bot customer ${n}`);
const db = () => w.t.rt.deps.db;

beforeAll(async () => {
  w = await startBotWorld();
});
afterAll(() => w?.close());
beforeEach(async () => {
  await w.setBot('builtin', acmePersonality(w));
});

const texts = (ms: { text: string | null }[]) => ms.map((m) => m.text);
const HANDOFF_REPLY = "I'm passing you to a member of our team. Someone will reply here shortly.";
const MENU_CHOICE_REPLY = 'Thanks! What would you like to know? You can ask for a person at any time.';
/** The bot's memory of the customer's newest conversation. */
const botStateOf = async (c: Customer) => {
  const conv = await c.conversation();
  const [row] = await db().select().from(botConversationStates).where(eq(botConversationStates.conversationId, conv.id));
  return row?.state;
};

describe('greeting and menu', () => {
  it('greets a new conversation and sends a menu of ≤ 3 options as WhatsApp reply buttons', async () => {
    const c = newCustomer();
    const replies = await c.says('hello');
    expect(replies.map((m) => m.type)).toEqual(['text', 'buttons']);
    expect(replies[0]!.text).toBe('Hi! Welcome to Acme.');
    expect(contentOf(replies[1]!)).toEqual({
      type: 'buttons',
      text: 'How can we help?',
      buttons: [
        { id: 'menu:sales', title: 'Sales' },
        { id: 'menu:support', title: 'Support' },
      ],
    });
    expect(replies.every((m) => m.direction === 'out' && m.status === 'queued')).toBe(true);
    const conv = await c.conversation();
    const [state] = await db().select().from(botConversationStates).where(eq(botConversationStates.conversationId, conv.id));
    expect(state!.state).toEqual({ misunderstood: 0, askedMenu: true });
  });

  it('sends a menu of more than 3 options as a list; a tapped row picks that skillset and the bot carries on', async () => {
    const options = [
      { id: 'sales', label: 'Sales', skillsetId: w.skillsets.sales },
      { id: 'support', label: 'Support', skillsetId: w.skillsets.support },
      { id: 'billing', label: 'Billing', skillsetId: w.skillsets.billing },
      { id: 'returns', label: 'Returns', skillsetId: w.skillsets.returns },
    ];
    await w.setBot('builtin', acmePersonality(w, { menu: { prompt: 'Pick a team', options }, listButton: 'Teams' }));
    const c = newCustomer();
    const [, menu] = await c.says('hi there');
    expect(contentOf(menu!)).toEqual({
      type: 'list',
      text: 'Pick a team',
      button: 'Teams',
      sections: [{ rows: options.map((o) => ({ id: `menu:${o.id}`, title: o.label })) }],
    });

    expect(texts(await c.taps('list_reply', 'menu:billing', 'Billing'))).toEqual([MENU_CHOICE_REPLY]);
    expect(await c.conversation()).toMatchObject({ state: 'bot', waitingSkillsetId: null });
    expect(await botStateOf(c)).toEqual({ misunderstood: 0, skillsetId: w.skillsets.billing });
  });

  it('a typed number after the menu picks that option: its reply, the conversation stays with the bot', async () => {
    const c = newCustomer();
    await c.says('hi');
    expect(texts(await c.says('2'))).toEqual([MENU_CHOICE_REPLY]);
    expect((await c.conversation()).state).toBe('bot');
    expect(await botStateOf(c)).toEqual({ misunderstood: 0, skillsetId: w.skillsets.support });
    expect((await c.contact()).unresolvedQueries).toBe(0);
  });

  it('a tapped reply button picks its option, and the option’s own reply answers', async () => {
    const base = acmePersonality(w).menu!;
    const options = base.options.map((o) => (o.id === 'sales' ? { ...o, reply: 'Sales here. What are you looking for?' } : o));
    await w.setBot('builtin', acmePersonality(w, { menu: { ...base, options } }));
    const c = newCustomer();
    await c.says('hi');
    expect(texts(await c.taps('button_reply', 'menu:sales', 'Sales'))).toEqual(['Sales here. What are you looking for?']);
    expect((await c.conversation()).state).toBe('bot');
    expect(await botStateOf(c)).toEqual({ misunderstood: 0, skillsetId: w.skillsets.sales });
  });

  it('an option that hands over at once: waiting in its skillset’s queue with an unresolved query, then the bot is silent', async () => {
    const base = acmePersonality(w).menu!;
    const options = base.options.map((o) => (o.id === 'support' ? { ...o, handoff: true } : o));
    await w.setBot('builtin', acmePersonality(w, { menu: { ...base, options } }));
    const c = newCustomer();
    await c.says('hi');
    expect(texts(await c.taps('button_reply', 'menu:support', 'Support'))).toEqual([HANDOFF_REPLY]);
    const conv = await c.conversation();
    expect(conv).toMatchObject({ state: 'waiting', waitingSkillsetId: w.skillsets.support });
    expect(conv.waitingSince).not.toBeNull();
    expect((await c.contact()).unresolvedQueries).toBe(1);
    // While it waits for a person, the bot is silent.
    expect(await c.says('hello?')).toEqual([]);
  });

  it('a closed conversation that comes back is greeted again', async () => {
    const c = newCustomer();
    await c.says('hi');
    const first = await c.conversation();
    expect((await w.api('POST', `/conversations/${first.id}/close`, { reason: 'Resolved' })).statusCode).toBe(200);
    const again = await c.says('me again');
    expect(texts(again)[0]).toBe('Hi! Welcome to Acme.');
    expect((await c.conversation()).id).not.toBe(first.id);
  });
});

describe('FAQ, questions and goals', () => {
  it('answers an FAQ by keyword and records its goal once per conversation', async () => {
    const c = newCustomer();
    await c.says('hi');
    expect(texts(await c.says('how much is shiping to Rome?'))).toEqual(['Shipping is free above €50.']);
    await c.says('and delivery?');
    const conv = await c.conversation();
    const goals = await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conv.id));
    expect(goals.map((g) => g.name)).toEqual(['shipping_info']);
    expect(conv.state).toBe('bot');
  });

  it('captures an attribute with validation: an invalid answer gets the retry prompt, a valid one is stored', async () => {
    const c = newCustomer();
    await c.says('hi');
    expect(texts(await c.says('can I get an estimate?'))).toEqual(['Sure, we send estimates by email.', 'What is your email address?']);
    expect(texts(await c.says('my email is secret'))).toEqual(['That is not an email address. Could you check it?']);
    const contact = await c.contact();
    const stored = () =>
      db()
        .select()
        .from(contactAttributeValues)
        .where(and(eq(contactAttributeValues.contactId, contact.id), eq(contactAttributeValues.key, 'email')));
    expect(await stored()).toEqual([]);

    expect(texts(await c.says(' Giulia@Example.COM '))).toEqual(['Thanks, we will write to you.']);
    expect((await stored())[0]!.valueText).toBe('Giulia@example.com');
    const conv = await c.conversation();
    const goals = await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conv.id));
    expect(goals.map((g) => g.name)).toEqual(['lead']);
  });
});

describe('asking for a person', () => {
  it('the journey: pick without handoff, an FAQ answer, then a person — waiting for the picked skillset, one unresolved query', async () => {
    const c = newCustomer();
    expect(texts(await c.says('hello'))[0]).toBe('Hi! Welcome to Acme.');
    expect(texts(await c.says('1'))).toEqual([MENU_CHOICE_REPLY]);
    expect((await c.conversation()).state).toBe('bot');
    expect(texts(await c.says('how much is shipping?'))).toEqual(['Shipping is free above €50.']);
    expect(await botStateOf(c)).toEqual({ misunderstood: 0, skillsetId: w.skillsets.sales });
    expect((await c.contact()).unresolvedQueries).toBe(0);

    expect(texts(await c.says('I want to talk to a human'))).toEqual([HANDOFF_REPLY]);
    expect(await c.conversation()).toMatchObject({ state: 'waiting', waitingSkillsetId: w.skillsets.sales });
    expect((await c.contact()).unresolvedQueries).toBe(1);
    const api = await w.api('GET', `/contacts/${(await c.contact()).id}`);
    expect(api.json()).toMatchObject({ stats: { unresolvedQueries: 1 } });
  });

  it('a handoff phrase with no option picked moves the conversation to the general queue with an unresolved query', async () => {
    const c = newCustomer();
    await c.says('hi');
    expect(texts(await c.says('can I talk to a human please'))).toEqual([HANDOFF_REPLY]);
    expect(await c.conversation()).toMatchObject({ state: 'waiting', waitingSkillsetId: null });
    expect((await c.contact()).unresolvedQueries).toBe(1);
  });

  it('after maxMisunderstood messages it did not understand, it asks for a person and counts an unresolved query', async () => {
    const c = newCustomer();
    await c.says('hi');
    const first = await c.says('purple monkey dishwasher');
    expect(texts(first)[0]).toBe("Sorry, I didn't understand that.");
    expect(first[1]!.type).toBe('buttons'); // the menu again
    expect((await c.conversation()).state).toBe('bot');
    const second = await c.says('zxcv qwer');
    expect(texts(second)).toEqual([HANDOFF_REPLY]);
    expect(await c.conversation()).toMatchObject({ state: 'waiting', waitingSkillsetId: null });
    expect((await c.contact()).unresolvedQueries).toBe(1);
  });

  it('a handoff to a skillset deleted since the personality was saved goes to the general queue', async () => {
    const res = await w.api('POST', '/skillsets', { name: `Temporary ${n}` });
    const temp = res.json().id as string;
    await w.setBot(
      'builtin',
      acmePersonality(w, { menu: { prompt: 'Pick', options: [{ id: 'temp', label: 'Temp', skillsetId: temp, handoff: true }] } }),
    );
    expect((await w.api('DELETE', `/skillsets/${temp}`)).statusCode).toBe(204);
    const c = newCustomer();
    await c.says('hi');
    await c.taps('button_reply', 'menu:temp', 'Temp');
    expect(await c.conversation()).toMatchObject({ state: 'waiting', waitingSkillsetId: null });
  });
});

describe('STOP', () => {
  it('opts the contact out of marketing with the stop reply', async () => {
    const c = newCustomer();
    await c.says('hi');
    expect((await c.contact()).optedOutMarketing).toBe(false);
    expect(texts(await c.says('STOP'))).toEqual(["You won't receive marketing messages from us any more."]);
    expect((await c.contact()).optedOutMarketing).toBe(true);
  });
});

describe('when the bot stays silent', () => {
  it('while the contact’s bot is paused, then speaks again once the pause ends', async () => {
    const c = newCustomer();
    await c.says('hi');
    const contact = await c.contact();
    expect((await w.api('POST', `/contacts/${contact.id}/pause-bot`, { minutes: 5 })).statusCode).toBe(200);
    expect(await c.says('shipping?')).toEqual([]);
    w.t.clock.advance(6 * 60_000);
    expect(texts(await c.says('shipping?'))).toEqual(['Shipping is free above €50.']);
  });

  it('while an agent has the conversation', async () => {
    const c = newCustomer();
    await c.says('hi');
    await db()
      .update(conversations)
      .set({ state: 'assigned' })
      .where(eq(conversations.id, (await c.conversation()).id));
    expect(await c.says('shipping?')).toEqual([]);
  });

  it('for a redelivered webhook: one message, one answer', async () => {
    const c = newCustomer();
    await c.says('hi');
    const body = textWebhook({ waId: c.waId, name: c.name }, 'what about shipping', w.t.clock.now());
    await postWebhook(w.t, body);
    await postWebhook(w.t, body);
    await processPending(w.t);
    await postWebhook(w.t, body);
    await processPending(w.t);
    const answers = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.contactId, (await c.contact()).id), eq(messages.text, 'Shipping is free above €50.')));
    expect(answers).toHaveLength(1);
  });

  it('for reactions, which are not the customer talking to the bot', async () => {
    const c = newCustomer();
    const [greeting] = await c.says('hi');
    expect(await c.sends({ type: 'reaction', reaction: { message_id: 'wamid.SOMETHING', emoji: '👍' } })).toEqual([]);
    expect(greeting).toBeDefined();
  });

  it('with the mode off', async () => {
    await w.setBot('off');
    const c = newCustomer();
    expect(await c.says('hello')).toEqual([]);
    expect(await c.says('shipping?')).toEqual([]);
  });
});

describe('settings take effect at once', () => {
  it('a saved personality answers the next message (each save is a new version)', async () => {
    const c = newCustomer();
    await c.says('hi');
    await w.setBot(
      'builtin',
      acmePersonality(w, { faq: [{ id: 'ship', question: 'Shipping?', keywords: ['shipping'], answer: 'Now €3.' }], goals: ['lead'] }),
    );
    expect(texts(await c.says('shipping?'))).toEqual(['Now €3.']);
    // The default personality, when no settings were ever saved, is a greeting alone.
    await w.setBot('builtin', {});
    expect(texts(await newCustomer().says('hello'))).toEqual(['Hi! Thanks for writing to us. How can we help?']);
  });
});

describe('business hours', () => {
  it('out of hours, the first message gets the out-of-hours reply once; the FAQ still answers', async () => {
    await w.setBot(
      'builtin',
      acmePersonality(w, {
        businessHours: { timezone: 'Europe/Rome', outOfHoursReply: 'We are closed now, back at 9:00.' },
      }),
    );
    // The next Monday, 20:30 UTC: after 18:00 in Rome whether it is summer or winter time.
    const now = w.t.clock.now();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ((8 - now.getUTCDay()) % 7 || 7), 20, 30));
    w.t.clock.set(monday);
    const c = newCustomer();
    expect(texts(await c.says('hello'))).toEqual(['We are closed now, back at 9:00.']);
    expect(texts(await c.says('shipping?'))).toEqual(['Shipping is free above €50.']);

    // Tuesday 10:00 in Rome (08:00 or 09:00 UTC): a new conversation is greeted.
    w.t.clock.set(new Date(monday.getTime() + 13 * 3_600_000));
    const d = newCustomer();
    expect(texts(await d.says('hello'))[0]).toBe('Hi! Welcome to Acme.');
  });
});

describe('the turn’s context', () => {
  it('is read in a round trip of its own when the caller folded no read into its statement: same answers, same memory', async () => {
    // The listener alone, without its `read`: the conversation core then has nothing to fold in.
    const unfolded: InboundHooks = { customerMessage: [(deps, tx, event) => onCustomerMessage(deps, tx, event)] };
    const c = newCustomer();
    await c.says('hi');
    expect(await botStateOf(c)).toEqual({ misunderstood: 0, askedMenu: true });
    expect((await postWebhook(w.t, textWebhook({ waId: c.waId, name: c.name }, '2', w.t.clock.now()))).statusCode).toBe(200);
    const pending = await db()
      .select({ workspaceId: inboundEvents.workspaceId, id: inboundEvents.id })
      .from(inboundEvents)
      .where(isNull(inboundEvents.processedAt));
    expect(pending).toHaveLength(1);
    await processInboundEvent(w.t.rt.deps, { workspaceId: pending[0]!.workspaceId, eventId: pending[0]!.id }, unfolded);
    // The menu it had asked was read back: "2" picks the second option.
    expect(await botStateOf(c)).toEqual({ misunderstood: 0, skillsetId: w.skillsets.support });
    const [last] = await db()
      .select({ text: messages.text })
      .from(messages)
      .where(and(eq(messages.contactId, (await c.contact()).id), eq(messages.senderType, 'bot')))
      .orderBy(desc(messages.seq))
      .limit(1);
    expect(last!.text).toBe(MENU_CHOICE_REPLY);
  });
});
