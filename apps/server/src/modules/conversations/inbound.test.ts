import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';
import {
  connectWhatsApp,
  eventCount,
  messageWebhook,
  postWebhook,
  processPending,
  statusWebhook,
  textWebhook,
  whatsappEnv,
  envelope,
} from '../../testing/whatsapp';
import { inboundEvents, webhookRejects } from '../channels/tables';
import type { CustomerMessageListener, InboundHooks } from './customer-message';
import { processInboundEvent } from './process-event';
import { inboundHooks } from '../../jobs';
import { contacts } from '../contacts/tables';
import { conversations, messages } from './tables';

let t: TestApp;
let admin: string;
let channelId: string;

beforeAll(async () => {
  t = await startTestApp({ env: whatsappEnv });
  admin = await t.login();
  channelId = (await connectWhatsApp(t, admin)).id;
});
afterAll(() => t?.close());

const db = () => t.rt.deps.db;
const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });

async function contactByName(name: string) {
  const [c] = await db().select().from(contacts).where(eq(contacts.channelName, name));
  return c!;
}

async function inboundJobCount() {
  const r = (await db().execute(sql`select count(*)::int as n from pgboss.job where name = 'channels.inbound'`)) as unknown as {
    rows: Array<{ n: number }>;
  };
  return r.rows[0]!.n;
}

async function messagesOf(contactId: string) {
  return db().select().from(messages).where(eq(messages.contactId, contactId)).orderBy(messages.createdAt);
}

describe('webhook intake', () => {
  it('answers the verification handshake with the challenge exactly, 403 otherwise', async () => {
    const ok = await t.app.inject('/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=test-verify-token');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const bad = await t.app.inject('/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope');
    expect(bad.statusCode).toBe(403);
  });

  it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
    const before = await eventCount(t, channelId);
    const body = textWebhook({ waId: '16505550001', name: 'Nobody' }, 'hi');
    expect((await postWebhook(t, body, { signature: null })).statusCode).toBe(401);
    expect((await postWebhook(t, body, { secret: 'wrong-secret' })).statusCode).toBe(401);
    // a signature over re-serialised JSON does not verify the raw bytes that were sent
    const raw = JSON.stringify(body, null, 2);
    expect((await postWebhook(t, raw, { signature: (await import('../../testing/whatsapp')).sign(JSON.stringify(body)) })).statusCode).toBe(
      401,
    );
    expect(await eventCount(t, channelId)).toBe(before);
  });

  it('stores each event once: a redelivery changes nothing', async () => {
    const body = textWebhook({ waId: '16505550002', name: 'Twice' }, 'hello there', t.clock.now());
    expect((await postWebhook(t, body)).statusCode).toBe(200);
    expect((await postWebhook(t, body)).statusCode).toBe(200);
    await processPending(t);
    expect((await postWebhook(t, body)).statusCode).toBe(200);
    await processPending(t);
    const c = await contactByName('Twice');
    const inbound = (await messagesOf(c.id)).filter((m) => m.direction === 'in');
    expect(inbound).toHaveLength(1);
    expect(c.messagesFromCustomer).toBe(1);
    const convs = await db().select().from(conversations).where(eq(conversations.contactId, c.id));
    expect(convs).toHaveLength(1);
    // and only one greeting
    expect((await messagesOf(c.id)).filter((m) => m.senderType === 'bot')).toHaveLength(1);
  });

  it('stores concurrent webhooks together, once each, with one job per new event (redeliveries racing included)', async () => {
    const jobsBefore = await inboundJobCount();
    const bodies = Array.from({ length: 15 }, (_, i) =>
      textWebhook({ waId: `1650555${String(1000 + i)}`, name: `Rush ${i}` }, `rush ${i}`),
    );
    const answers = await Promise.all([...bodies, ...bodies].map((b) => postWebhook(t, b)));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    expect((await inboundJobCount()) - jobsBefore).toBe(15);
    await processPending(t);
    for (let i = 0; i < 15; i++) {
      const inbound = (await messagesOf((await contactByName(`Rush ${i}`)).id)).filter((m) => m.direction === 'in');
      expect(inbound.map((m) => m.text)).toEqual([`rush ${i}`]);
    }
  });

  it('processes every entry, change and message of a batched POST', async () => {
    const at = t.clock.now();
    const one = textWebhook({ waId: '16505550011', name: 'Batch A' }, 'a1', at);
    const two = textWebhook({ waId: '16505550012', name: 'Batch B' }, 'b1', at);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the envelope's value is loosely typed on purpose
    const change = (b: ReturnType<typeof textWebhook>) => b.entry[0]!.changes[0]! as any;
    const secondMessage = { ...change(one).value.messages[0], id: 'wamid.BATCH-A-2', text: { body: 'a2' } };
    const batched = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'x',
          changes: [{ ...change(one), value: { ...change(one).value, messages: [change(one).value.messages[0], secondMessage] } }],
        },
        { id: 'y', changes: [change(two)] },
      ],
    };
    expect((await postWebhook(t, batched)).statusCode).toBe(200);
    await processPending(t);
    expect((await contactByName('Batch A')).messagesFromCustomer).toBe(2);
    expect((await contactByName('Batch B')).messagesFromCustomer).toBe(1);
  });

  it('drops events for an unknown number (never attached to another channel), keeping them raw', async () => {
    const res = await postWebhook(
      t,
      envelope('999999999', { messages: [{ from: '1', id: 'wamid.X', timestamp: '1', type: 'text', text: { body: 'x' } }] }),
    );
    expect(res.statusCode).toBe(200);
    const rejects = await db().select().from(webhookRejects);
    expect(rejects.some((r) => r.reason.includes('unknown phone_number_id 999999999'))).toBe(true);
  });

  it('survives deeply nested and oversized signed bodies without a 500', async () => {
    // built as text: 50,000 levels is beyond what JSON.stringify can recurse into
    const deep = `${'['.repeat(50_000)}"bottom"${']'.repeat(50_000)}`;
    const raw = JSON.stringify(
      textWebhook({ waId: '16505550014', name: 'Deep' }, 'deep one', t.clock.now(), { extra: '__DEEP__' }),
    ).replace('"__DEEP__"', deep);
    const res = await postWebhook(t, raw);
    expect(res.statusCode).toBe(200);
    await processPending(t);
    const [c] = await db().select().from(contacts).where(eq(contacts.channelName, 'Deep'));
    expect(c!.messagesFromCustomer).toBe(1);
    const huge = await postWebhook(t, JSON.stringify({ object: 'whatsapp_business_account', pad: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
  });

  it('keeps a signed body that is not JSON, answers 200, and never crashes', async () => {
    const res = await postWebhook(t, '{"object":"whatsapp_business_account","entry":[{');
    expect(res.statusCode).toBe(200);
    const nul = await postWebhook(
      t,
      JSON.stringify(textWebhook({ waId: '16505550013', name: 'Nul\u0000Name' }, 'a\u0000\u0000b \\u0000 literal')),
    );
    expect(nul.statusCode).toBe(200);
    await processPending(t);
    const rejects = await db().select().from(webhookRejects);
    expect(rejects.some((r) => r.reason.startsWith('body is not JSON'))).toBe(true);
    const [stored] = await db().select().from(messages).where(eq(messages.text, 'ab \\u0000 literal'));
    expect(stored).toBeDefined();
  });
});

describe('first contact', () => {
  it('creates the contact with its source, counters, sentiment, a bot conversation and the greeting', async () => {
    const at = t.clock.now();
    await postWebhook(t, textWebhook({ waId: '393471234567', name: 'Giulia' }, 'hahaha thanks, you are great 😍', at));
    await processPending(t);
    const c = await contactByName('Giulia');
    expect(c).toMatchObject({ source: 'organic', phone: '+393471234567', messagesFromCustomer: 1, sessionsCount: 1 });
    expect(c.sentimentSum).toBeGreaterThan(0);
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, c.id));
    expect(conv!.state).toBe('bot');
    const greeting = (await messagesOf(c.id)).find((m) => m.senderType === 'bot');
    expect(greeting).toMatchObject({ direction: 'out', status: 'queued', text: 'Hi! Thanks for writing to us. How can we help?' });
  });

  it('records a click-to-WhatsApp ad as source "ad" with its referral', async () => {
    const referral = {
      source_url: 'https://fb.me/abc',
      source_id: '120226305854810726',
      source_type: 'ad',
      headline: 'Chat with us',
      body: 'Summer sale',
      media_type: 'image',
      ctwa_clid: 'Aff-n8Z',
    };
    await postWebhook(t, textWebhook({ waId: '447700900123', name: 'From Ad' }, 'Is this still available?', t.clock.now(), { referral }));
    await processPending(t);
    const c = await contactByName('From Ad');
    expect(c.source).toBe('ad');
    expect(c.referral).toMatchObject({ sourceId: '120226305854810726', headline: 'Chat with us', sourceUrl: 'https://fb.me/abc' });
  });

  it('tags the contact from a first-message rule (case-insensitive), only on first contact', async () => {
    expect(
      (await api('POST', '/first-message-tags', { match: 'prefix', pattern: 'hi, i want product a', tag: 'Product A' })).statusCode,
    ).toBe(201);
    await postWebhook(t, textWebhook({ waId: '14155550100', name: 'Tagged' }, 'Hi, I want PRODUCT A please', t.clock.now()));
    await processPending(t);
    expect((await contactByName('Tagged')).tags).toEqual(['Product A']);
  });

  it('applies a customer\u2019s messages in arrival order even when their jobs run out of order', async () => {
    await api('POST', '/first-message-tags', { match: 'exact', pattern: 'first!', tag: 'Ordered' });
    await postWebhook(t, textWebhook({ waId: '14155550111', name: 'Order' }, 'first!', t.clock.now()));
    await postWebhook(t, textWebhook({ waId: '14155550111', name: 'Order' }, 'second', t.clock.now()));
    const events = await db().select().from(inboundEvents).where(isNull(inboundEvents.processedAt)).orderBy(inboundEvents.seq);
    // the second message's job runs first
    await processInboundEvent(t.rt.deps, { workspaceId: events[1]!.workspaceId, eventId: events[1]!.id }, inboundHooks);
    await processInboundEvent(t.rt.deps, { workspaceId: events[0]!.workspaceId, eventId: events[0]!.id }, inboundHooks);
    const c = await contactByName('Order');
    expect(c.tags).toEqual(['Ordered']);
    const texts = (await messagesOf(c.id))
      .filter((m) => m.direction === 'in')
      .sort((a, b) => a.seq - b.seq)
      .map((m) => m.text);
    expect(texts).toEqual(['first!', 'second']);
  });

  it('accepts a customer known only by a business-scoped user id, and matches Brazil\u2019s wa_id without the mobile 9', async () => {
    await postWebhook(t, textWebhook({ userId: 'US.13491208655302741918', name: 'Bsuid Only' }, 'hello', t.clock.now()));
    await postWebhook(t, textWebhook({ waId: '5511987654321', name: 'Brasil' }, 'oi', t.clock.now()));
    await processPending(t);
    expect((await contactByName('Bsuid Only')).phone).toBeNull();
    await postWebhook(t, textWebhook({ waId: '551187654321', name: 'Brasil' }, 'de novo', t.clock.now()));
    await processPending(t);
    const rows = await db().select().from(contacts).where(eq(contacts.channelName, 'Brasil'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.messagesFromCustomer).toBe(2);
  });

  it('follows a customer who changed number: the new wa_id reaches the same contact', async () => {
    await postWebhook(t, textWebhook({ waId: '16505550088', name: 'Mover' }, 'hi', t.clock.now()));
    const moved = messageWebhook(
      { waId: '16505550088' },
      { type: 'system', system: { body: 'User changed number', wa_id: '16505550099', type: 'user_changed_number' } },
    );
    delete (moved.entry[0]!.changes[0]!.value as { contacts?: unknown }).contacts;
    await postWebhook(t, moved);
    await postWebhook(t, textWebhook({ waId: '16505550099', name: 'Mover' }, 'new phone, same me', t.clock.now()));
    await processPending(t);
    const rows = await db().select().from(contacts).where(eq(contacts.channelName, 'Mover'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.messagesFromCustomer).toBe(3);
  });

  it('stores every message type with a readable text', async () => {
    const customer = { waId: '16505550077', name: 'Types' };
    const bodies = [
      { type: 'image', image: { id: 'm1', mime_type: 'image/jpeg', sha256: 'x', caption: 'look' } },
      { type: 'location', location: { latitude: '45.46', longitude: 9.19, name: 'Duomo' } },
      { type: 'reaction', reaction: { message_id: 'wamid.ZZ', emoji: '\ud83d\ude2e' } },
      { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'Sales' } } },
      { type: 'sticker', sticker: { id: 's1', mime_type: 'image/webp', sha256: 'y', animated: false } },
      { type: 'unsupported', unsupported: { type: 'poll' }, errors: [{ code: 131051, title: 'Message type unknown' }] },
      { type: 'brand_new_type', brand_new_type: { anything: true } },
    ];
    for (const b of bodies) await postWebhook(t, messageWebhook(customer, b));
    await processPending(t);
    const c = await contactByName('Types');
    const stored = (await messagesOf(c.id)).filter((m) => m.direction === 'in');
    expect(stored.map((m) => m.type).sort()).toEqual(['image', 'interactive', 'location', 'reaction', 'sticker', 'unknown', 'unsupported']);
    // a type WhatsApp added after us is kept raw and shown as such
    expect(stored.find((m) => m.type === 'unknown')!.content).toMatchObject({ rawType: 'brand_new_type' });
    expect(stored.every((m) => typeof m.text === 'string')).toBe(true);
  });
});

describe('customer-message listeners', () => {
  it('get the value of their read, selected by the statement that stored the message; one without a read gets none', async () => {
    const heard: Array<[string, unknown]> = [];
    const reading: CustomerMessageListener = Object.assign(
      async (_deps: unknown, _tx: unknown, event: { message: { text: string } }, read?: unknown) => {
        heard.push([event.message.text, read]);
      },
      {
        read: (k: { workspaceId: string; conversationId: string; contactId: string }) =>
          sql`json_build_array(${k.contactId}::text, (select state from conversations where workspace_id = ${k.workspaceId} and id = ${k.conversationId}))`,
      },
    );
    const plain: CustomerMessageListener = async (_deps, _tx, event, read) => {
      heard.push([`${event.message.text} (plain)`, read]);
    };
    const hooks: InboundHooks = { customerMessage: [plain, reading] };
    await postWebhook(t, textWebhook({ waId: '14155550122', name: 'Listened' }, 'are you there?', t.clock.now()));
    const [event] = await db().select().from(inboundEvents).where(isNull(inboundEvents.processedAt));
    await processInboundEvent(t.rt.deps, { workspaceId: event!.workspaceId, eventId: event!.id }, hooks);
    const c = await contactByName('Listened');
    expect(heard).toEqual([
      ['are you there? (plain)', undefined],
      ['are you there?', [c.id, 'bot']],
    ]);
  });
});

describe('statuses', () => {
  it('only ever move forward, whatever order they arrive in, and keep the pricing category', async () => {
    await postWebhook(t, textWebhook({ waId: '16505550200', name: 'Statuses' }, 'hi', t.clock.now()));
    await processPending(t);
    const c = await contactByName('Statuses');
    const greeting = (await messagesOf(c.id)).find((m) => m.senderType === 'bot')!;
    await db().update(messages).set({ providerMessageId: 'wamid.OUT-1' }).where(eq(messages.id, greeting.id));
    const at = t.clock.now();
    await postWebhook(t, statusWebhook('wamid.OUT-1', 'read', new Date(at.getTime() + 3000)));
    await postWebhook(
      t,
      statusWebhook('wamid.OUT-1', 'delivered', new Date(at.getTime() + 2000), {
        pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
      }),
    );
    await postWebhook(t, statusWebhook('wamid.OUT-1', 'sent', new Date(at.getTime() + 1000)));
    await postWebhook(t, statusWebhook('wamid.UNKNOWN', 'read'));
    await processPending(t);
    const [m] = await db().select().from(messages).where(eq(messages.id, greeting.id));
    expect(m!.status).toBe('read');
    expect(m!.sentAt).not.toBeNull();
    expect(m!.deliveredAt).not.toBeNull();
    expect(m!.readAt).not.toBeNull();
    expect(m!.pricingCategory).toBe('service');
    const [conv] = await db().select().from(conversations).where(eq(conversations.id, m!.conversationId));
    expect(conv!.pricingCategory).toBe('service');
  });

  it('reconciles a send whose answer was lost through the id it echoes, and records failures with their reason', async () => {
    await postWebhook(t, textWebhook({ waId: '16505550201', name: 'Reconcile' }, 'hi', t.clock.now()));
    await processPending(t);
    const c = await contactByName('Reconcile');
    const greeting = (await messagesOf(c.id)).find((m) => m.senderType === 'bot')!;
    await postWebhook(
      t,
      statusWebhook('wamid.LOST-ANSWER', 'failed', t.clock.now(), {
        biz_opaque_callback_data: greeting.id,
        errors: [
          { code: 131026, title: 'Message undeliverable', error_data: { details: 'Receiver is incapable of receiving this message' } },
        ],
      }),
    );
    await processPending(t);
    const [m] = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.id, greeting.id)));
    expect(m).toMatchObject({
      status: 'failed',
      providerMessageId: 'wamid.LOST-ANSWER',
      errorCode: 131026,
      errorDetails: 'Receiver is incapable of receiving this message',
    });
    // a late "sent" does not revive it
    await postWebhook(t, statusWebhook('wamid.LOST-ANSWER', 'sent'));
    await processPending(t);
    expect((await db().select().from(messages).where(eq(messages.id, greeting.id)))[0]!.status).toBe('failed');
  });
});
