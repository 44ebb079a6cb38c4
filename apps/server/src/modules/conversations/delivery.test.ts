import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from '../channels';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { connectWhatsApp, PHONE_NUMBER_ID, WABA_ID, APP_SECRET, whatsappEnv } from '../../testing/whatsapp';
import { contacts } from '../contacts/tables';
import { conversations, messages } from './tables';

// The whole path over real HTTP: the fake Graph API plays Meta and the customer, a worker runs the jobs.
let t: TestApp;
let fake: FakeGraph;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ env: { ...whatsappEnv, SESSION_IDLE_MINUTES: '43200' }, worker: true });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as { port: number };
  fake = await startFakeGraph({ statusDelaysMs: { sent: 20, delivered: 40, read: 60 }, legacyBrazilWaIds: 'all' });
  admin = await t.login();
  await connectWhatsApp(t, admin, { graphBaseUrl: fake.url });
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
  await t?.close();
});

const db = () => t.rt.deps.db;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const contactNamed = (name: string) =>
  until(
    () => db().select().from(contacts).where(eq(contacts.channelName, name)),
    (r) => r.length > 0,
  ).then((r) => r[0]!);
const outbound = (contactId: string) =>
  db()
    .select()
    .from(messages)
    .where(eq(messages.contactId, contactId))
    .then((r) => r.filter((m) => m.direction === 'out'));

describe('delivery through the Graph API', () => {
  it('a customer writes, the greeting reaches them and moves sent → delivered → read', async () => {
    const res = await fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '16505559001', name: 'Live' }, { type: 'text', body: 'hello 👋' });
    expect(res.status).toBe(200);
    const c = await contactNamed('Live');
    const [greeting] = await until(
      () => outbound(c.id),
      (r) => r[0]?.status === 'read',
    );
    expect(greeting!.sentAt).not.toBeNull();
    expect(greeting!.deliveredAt).not.toBeNull();
    const sent = fake.sent(PHONE_NUMBER_ID).find((s) => s.wamid === greeting!.providerMessageId)!;
    expect(sent.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: '16505559001',
      type: 'text',
      biz_opaque_callback_data: greeting!.id,
    });
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, c.id));
    expect(conv!.pricingCategory).toBe('service');
  });

  it('an agent reply outside the window that Meta refuses (131047) fails with the template hint, and is not retried', async () => {
    await fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '16505559002', name: 'Late' }, { type: 'text', body: 'hi' });
    const c = await contactNamed('Late');
    await until(
      () => outbound(c.id),
      (r) => r[0]?.status === 'read',
    );
    const conv = (await db().select().from(conversations).where(eq(conversations.contactId, c.id)))[0]!;
    const before = fake.sent(PHONE_NUMBER_ID).length;
    fake.failNext({ code: 131047 });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv.id}/messages`,
      headers: { cookie: admin },
      payload: { text: 'Are you still there?' },
    });
    expect(res.statusCode).toBe(202);
    const failed = await until(
      () => db().select().from(messages).where(eq(messages.id, res.json().id)),
      (r) => r[0]?.status === 'failed',
    );
    expect(failed[0]).toMatchObject({ errorCode: 131047, errorTitle: 'Outside the 24-hour window: send a template instead.' });
    expect(fake.sent(PHONE_NUMBER_ID).length).toBe(before);
  });

  it('retries a throughput limit (130429) with backoff, then sends once', async () => {
    await fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '16505559003', name: 'Busy' }, { type: 'text', body: 'hi' });
    const c = await contactNamed('Busy');
    await until(
      () => outbound(c.id),
      (r) => r[0]?.status === 'read',
    );
    const conv = (await db().select().from(conversations).where(eq(conversations.contactId, c.id)))[0]!;
    fake.failNext({ code: 130429, count: 2 });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv.id}/messages`,
      headers: { cookie: admin },
      payload: { text: 'one moment' },
    });
    const [m] = await until(
      () => db().select().from(messages).where(eq(messages.id, res.json().id)),
      (r) => r[0]?.status === 'read',
      40_000,
    );
    expect(fake.sent(PHONE_NUMBER_ID).filter((s) => s.wamid === m!.providerMessageId)).toHaveLength(1);
  }, 60_000);

  it('fails a definitive error (131026) at once with Meta\u2019s details', async () => {
    await fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '16505559004', name: 'Gone' }, { type: 'text', body: 'hi' });
    const c = await contactNamed('Gone');
    await until(
      () => outbound(c.id),
      (r) => r[0]?.status === 'read',
    );
    const conv = (await db().select().from(conversations).where(eq(conversations.contactId, c.id)))[0]!;
    fake.failNext({ code: 131026, details: 'Receiver is incapable of receiving this message' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv.id}/messages`,
      headers: { cookie: admin },
      payload: { text: 'x' },
    });
    const [m] = await until(
      () => db().select().from(messages).where(eq(messages.id, res.json().id)),
      (r) => r[0]?.status === 'failed',
    );
    expect(m).toMatchObject({ errorCode: 131026, errorDetails: 'Receiver is incapable of receiving this message' });
  });

  it('matches a Brazilian wa_id answered without the mobile 9 to the same contact', async () => {
    await fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '5521987654321', name: 'Rio' }, { type: 'text', body: 'oi' });
    const c = await contactNamed('Rio');
    await until(
      () => outbound(c.id),
      (r) => r[0]?.status === 'read',
    );
    await fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '552187654321', name: 'Rio' }, { type: 'text', body: 'de novo' });
    await until(
      () => db().select().from(contacts).where(eq(contacts.id, c.id)),
      (r) => r[0]?.messagesFromCustomer === 2,
    );
    expect(await db().select().from(contacts).where(eq(contacts.channelName, 'Rio'))).toHaveLength(1);
  });

  it('sends media, reply buttons, a list, a template with parameters and a reaction, each accepted by the fake Graph API', async () => {
    await fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '16505559005', name: 'Rich' }, { type: 'text', body: 'show me' });
    const c = await contactNamed('Rich');
    const [greeting] = await until(
      () => outbound(c.id),
      (r) => r[0]?.status === 'read',
    );
    const conv = (await db().select().from(conversations).where(eq(conversations.contactId, c.id)))[0]!;
    const inbound = (await db().select().from(messages).where(eq(messages.contactId, c.id))).find((m) => m.direction === 'in')!;
    const send = (payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/v1/conversations/${conv.id}/messages`, headers: { cookie: admin }, payload });
    const bodies = [
      { type: 'media', mediaType: 'image', link: 'https://cdn.example.com/a.jpg', caption: 'Our catalogue' },
      {
        type: 'buttons',
        text: 'How can we help?',
        buttons: [
          { id: 'sales', title: 'Sales' },
          { id: 'support', title: 'Support' },
        ],
      },
      {
        type: 'list',
        text: 'Pick a department',
        button: 'Departments',
        sections: [
          {
            rows: [
              { id: 'a', title: 'Sales' },
              { id: 'b', title: 'Support', description: 'Help with an order' },
            ],
          },
        ],
      },
      {
        type: 'template',
        name: 'order_update',
        language: 'en_US',
        body: [{ type: 'text', text: 'Ada' }],
        buttons: [{ subType: 'url', index: 0, text: 'ORDER-1' }],
      },
      { type: 'reaction', messageId: inbound.id, emoji: '\ud83d\udc4d' },
    ];
    const ids: string[] = [];
    for (const b of bodies) {
      const res = await send(b);
      expect(res.statusCode, res.body).toBe(202);
      ids.push(res.json().id);
    }
    const sent = await until(
      () => db().select().from(messages).where(eq(messages.contactId, c.id)),
      (rows) => ids.every((id) => rows.find((r) => r.id === id)?.providerMessageId),
    );
    const types = ids.map(
      (id) => fake.sent(PHONE_NUMBER_ID).find((s) => s.wamid === sent.find((r) => r.id === id)!.providerMessageId)!.body.type,
    );
    expect(types).toEqual(['image', 'interactive', 'interactive', 'template', 'reaction']);
    expect(sent.find((r) => r.id === ids[3])!.isTemplate).toBe(true);
    expect(greeting).toBeDefined();
  });

  it('refuses content over WhatsApp’s limits before queueing anything, naming the field', async () => {
    const [conv] = await db().select().from(conversations).limit(1);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv!.id}/messages`,
      headers: { cookie: admin },
      payload: {
        type: 'buttons',
        text: 'Pick',
        buttons: [
          { id: 'a', title: 'A title that is far too long' },
          { id: 'b', title: 'B' },
          { id: 'c', title: 'C' },
          { id: 'd', title: 'D' },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['buttons', 'buttons[0].title']));
  });
});
