import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { contactIdentities, contacts } from '../../contacts/tables';
import { conversations, messages } from '../../conversations/tables';
import { channels, inboundEvents, webhookRejects } from '../tables';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram';

// The whole path over real HTTP: the fake Bot API plays Telegram and the customer, a worker runs the jobs.
let t: TestApp;
let fake: FakeTelegram;
let admin: string;
let base: string;
let channelId: string;
let webhookPath: string;

const CHAT = 710_000_001;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  fake = await startFakeTelegram({ bot: { firstName: 'Acme Help', username: 'acme_help_bot' } });
  admin = await t.login();
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});

const db = () => t.rt.deps.db;

/** Over the real socket, so the webhook URL Parley registers is this server's own address. */
async function http(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { cookie: admin, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, text, json: (text ? JSON.parse(text) : null) as any };
}

async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const contactOf = async (userId: number) => {
  const [identity] = await until(
    () =>
      db()
        .select()
        .from(contactIdentities)
        .where(eq(contactIdentities.key, `tg:${userId}`)),
    (r) => r.length > 0,
  );
  const [contact] = await db().select().from(contacts).where(eq(contacts.id, identity!.contactId));
  return contact!;
};
const messagesOf = (contactId: string) => db().select().from(messages).where(eq(messages.contactId, contactId)).orderBy(messages.createdAt);
const conversationOf = async (contactId: string) =>
  (await db().select().from(conversations).where(eq(conversations.contactId, contactId)))[0]!;

const postUpdate = (body: unknown, secret: string | undefined, path = webhookPath) =>
  t.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

const agentSends = (conversationId: string, body: unknown) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversationId}/messages`,
    headers: { cookie: admin },
    payload: body as object,
  });

describe('connecting a bot', () => {
  it('refuses a token Telegram does not know, naming botToken, and stores nothing', async () => {
    const res = await http('POST', '/api/v1/channels', {
      kind: 'telegram',
      name: 'Wrong',
      botToken: `${fake.botId}:AAwrongwrongwrongwrongwrongwrongwrong`,
      apiBaseUrl: fake.url,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields ?? res.json.error.issues ?? res.json.error).toBeTruthy();
    expect(res.text).toContain('botToken');
    expect(res.text).not.toContain('AAwrongwrong');
    const malformed = await http('POST', '/api/v1/channels', { kind: 'telegram', name: 'Bad', botToken: 'not-a-token' });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('botToken');
    expect(await db().select().from(channels).where(eq(channels.kind, 'telegram'))).toHaveLength(0);
  });

  it('checks the token with getMe, registers its webhook with a secret token, and never shows either', async () => {
    const res = await http('POST', '/api/v1/channels', {
      kind: 'telegram',
      name: 'Acme on Telegram',
      botToken: fake.token,
      apiBaseUrl: fake.url,
    });
    expect(res.status).toBe(201);
    channelId = res.json.id;
    webhookPath = `/webhooks/telegram/${channelId}`;
    expect(res.json).toMatchObject({
      kind: 'telegram',
      name: 'Acme on Telegram',
      botId: String(fake.botId),
      botUsername: 'acme_help_bot',
      botName: 'Acme Help',
      apiBaseUrl: fake.url,
      webhookUrl: `${base}${webhookPath}`,
    });
    expect(fake.requests.map((r) => r.method)).toEqual(expect.arrayContaining(['getMe', 'setWebhook']));
    const hook = fake.webhook!;
    expect(hook.url).toBe(`${base}${webhookPath}`);
    expect(hook.secretToken).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect([...hook.allowedUpdates].sort()).toEqual(['callback_query', 'edited_message', 'message']);

    const secretPart = fake.token.split(':')[1]!;
    const list = await http('GET', '/api/v1/channels');
    for (const text of [res.text, list.text]) {
      expect(text).not.toContain(secretPart);
      expect(text).not.toContain(hook.secretToken);
    }
    expect(list.json.items.find((c: { id: string }) => c.id === channelId)).toMatchObject({ kind: 'telegram' });
    const [row] = await db().select().from(channels).where(eq(channels.id, channelId));
    expect(row!.sealedSecrets).not.toContain(secretPart);
  });

  it('refuses to connect the same bot twice', async () => {
    const res = await http('POST', '/api/v1/channels', { kind: 'telegram', name: 'Again', botToken: fake.token, apiBaseUrl: fake.url });
    expect(res.status).toBe(409);
    expect(res.text).toContain('botToken');
  });

  it('tests the connection with getMe', async () => {
    const res = await http('POST', `/api/v1/channels/${channelId}/test`);
    expect(res.json).toEqual({ ok: true, message: 'Connected: @acme_help_bot' });
  });
});

describe('the webhook', () => {
  const update = {
    update_id: 5,
    message: {
      message_id: 1,
      date: 1_760_000_000,
      chat: { id: 1, type: 'private' },
      from: { id: 1, is_bot: false, first_name: 'X' },
      text: 'hi',
    },
  };

  it('answers 401 to a missing or wrong secret token, and to an unknown channel alike', async () => {
    expect((await postUpdate(update, undefined)).statusCode).toBe(401);
    expect((await postUpdate(update, 'wrong-secret')).statusCode).toBe(401);
    expect(
      (await postUpdate(update, fake.webhook!.secretToken!, '/webhooks/telegram/00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(401);
    expect((await postUpdate(update, fake.webhook!.secretToken!, '/webhooks/telegram/not-a-uuid')).statusCode).toBe(401);
    expect(await db().select().from(inboundEvents).where(eq(inboundEvents.channelId, channelId))).toHaveLength(0);
  });

  it('answers 200 to an update it cannot use, and keeps it raw', async () => {
    const secret = fake.webhook!.secretToken!;
    expect((await postUpdate('{"update_id": 7, "message": ', secret)).statusCode).toBe(200);
    expect((await postUpdate({ message: { text: 'no update id' } }, secret)).statusCode).toBe(200);
    const rejects = await db().select().from(webhookRejects).where(eq(webhookRejects.provider, 'telegram'));
    expect(rejects.map((r) => r.reason).join('\n')).toMatch(/not JSON[\s\S]*update_id/);
  });
});

describe('a customer writes', () => {
  let contactId: string;
  let conversationId: string;

  it('creates the contact, the conversation and the message, with hostile text stored as sent', async () => {
    const text = 'hello <img src=x onerror=alert(1)> 👋';
    expect(await fake.userWrites({ chatId: CHAT, from: { firstName: 'Ada', lastName: 'Lovelace', username: 'ada' }, text })).toBe(200);
    const contact = await contactOf(CHAT);
    contactId = contact.id;
    expect(contact.channelName).toBe('Ada Lovelace');
    expect(contact.phone ?? null).toBeNull();
    const conv = await until(
      () => conversationOf(contactId),
      (c) => c !== undefined,
    );
    conversationId = conv.id;
    expect(conv.channelId).toBe(channelId);
    const [inbound] = (await messagesOf(contactId)).filter((m) => m.direction === 'in');
    expect(inbound).toMatchObject({ type: 'text', text, providerMessageId: `tg:${CHAT}:1`, status: 'received' });
    expect(inbound!.content).toMatchObject({ type: 'text', body: text });
  });

  it('stores a redelivered update once', async () => {
    const first = fake.deliveries.find((d) => d.updateType === 'message')!;
    expect(await fake.redeliver(first.updateId)).toBe(200);
    expect(await fake.redeliver(first.updateId)).toBe(200);
    const events = await db()
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channelId, channelId), eq(inboundEvents.providerKey, `tg:${first.updateId}`)));
    expect(events).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await messagesOf(contactId)).filter((m) => m.direction === 'in')).toHaveLength(1);
  });

  it('maps a location like WhatsApp does', async () => {
    await fake.userSends({ chatId: CHAT, content: { location: { latitude: 38.7223, longitude: -9.1393 } } });
    const loc = await until(
      async () => (await messagesOf(contactId)).find((m) => m.type === 'location'),
      (m) => m !== undefined,
    );
    expect(loc!.content).toMatchObject({ type: 'location', latitude: 38.7223, longitude: -9.1393 });
  });

  it('delivers an agent reply with an inline keyboard; a tap comes back as an interactive reply and is answered', async () => {
    const res = await agentSends(conversationId, {
      type: 'buttons',
      text: 'How can we help?',
      buttons: [
        { id: 'menu:sales', title: 'Sales' },
        { id: 'menu:support', title: 'Support' },
      ],
    });
    expect(res.statusCode).toBe(202);
    const messageId = res.json().id as string;
    const sent = await until(
      () => fake.sent(CHAT).find((s) => s.text === 'How can we help?'),
      (s) => s !== undefined,
    );
    expect(sent!.replyMarkup).toEqual({
      inline_keyboard: [[{ text: 'Sales', callback_data: 'menu:sales' }], [{ text: 'Support', callback_data: 'menu:support' }]],
    });
    // No delivery receipts on Telegram: accepted is `sent`, under the chat's message id.
    const out = await until(
      async () => (await db().select().from(messages).where(eq(messages.id, messageId)))[0]!,
      (m) => m.status === 'sent',
    );
    expect(out.providerMessageId).toBe(`tg:${CHAT}:${sent!.messageId}`);
    expect(out.sentAt).not.toBeNull();

    expect(await fake.userTaps({ chatId: CHAT, messageId: sent!.messageId, data: 'menu:support' })).toBe(200);
    const tap = await until(
      async () => (await messagesOf(contactId)).find((m) => m.type === 'interactive'),
      (m) => m !== undefined,
    );
    expect(tap!.text).toBe('Support');
    expect(tap!.content).toMatchObject({ type: 'interactive', replyType: 'button_reply', id: 'menu:support', title: 'Support' });
    expect(tap!.replyToProviderId).toBe(out.providerMessageId);
    const answered = await until(
      () => fake.answered(),
      (a) => a.length > 0,
    );
    expect(answered).toHaveLength(1);
  });

  it('sends a list as one keyboard row per list row', async () => {
    const res = await agentSends(conversationId, {
      type: 'list',
      text: 'Pick a size',
      button: 'Sizes',
      sections: [
        { title: 'Small', rows: [{ id: 'size:s', title: 'S' }] },
        {
          title: 'Large',
          rows: [
            { id: 'size:l', title: 'L' },
            { id: 'size:xl', title: 'XL' },
          ],
        },
      ],
    });
    expect(res.statusCode).toBe(202);
    const sent = await until(
      () => fake.sent(CHAT).find((s) => s.text === 'Pick a size'),
      (s) => s !== undefined,
    );
    expect(sent!.replyMarkup).toEqual({
      inline_keyboard: [
        [{ text: 'S', callback_data: 'size:s' }],
        [{ text: 'L', callback_data: 'size:l' }],
        [{ text: 'XL', callback_data: 'size:xl' }],
      ],
    });
  });

  it('refuses before calling Telegram: callback data over 64 bytes, templates, media', async () => {
    const before = fake.requests.length;
    const long = await agentSends(conversationId, { type: 'buttons', text: 'x', buttons: [{ id: 'é'.repeat(33), title: 'Too long' }] });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('buttons[0].id');
    const row = await agentSends(conversationId, {
      type: 'list',
      text: 'x',
      button: 'b',
      sections: [{ rows: [{ id: 'a'.repeat(65), title: 'A' }] }],
    });
    expect(row.statusCode).toBe(400);
    expect(row.json().error.message).toContain('sections[0].rows[0].id');
    const template = await agentSends(conversationId, { type: 'template', name: 'hello', language: 'en' });
    expect(template.statusCode).toBe(400);
    expect(template.json().error.message).toContain('Telegram has no templates');
    // Refused before queueing: none of these reaches the Bot API (other traffic, e.g. a bot reply still on its way
    // from an earlier test, may).
    expect(fake.requests.slice(before).filter((r) => r.params.text === 'x')).toEqual([]);
  });

  it('has no 24-hour window: an agent may still write a day later', async () => {
    t.clock.advance(26 * 3600_000);
    admin = await t.login(); // the session idled out meanwhile
    const res = await agentSends(conversationId, { type: 'text', text: 'Still there?' });
    expect(res.statusCode).toBe(202);
    // The web app is told the kind, so it keeps the composer open.
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}`, headers: { cookie: admin } });
    expect(detail.json()).toMatchObject({ channelKind: 'telegram' });
    await until(
      () => fake.sent(CHAT).find((s) => s.text === 'Still there?'),
      (s) => s !== undefined,
    );
  });

  it('retries after a 429 and sends once', async () => {
    fake.failNext({ errorCode: 429, retryAfter: 1 });
    const res = await agentSends(conversationId, { type: 'text', text: 'After the rate limit' });
    const messageId = res.json().id as string;
    const m = await until(
      async () => (await db().select().from(messages).where(eq(messages.id, messageId)))[0]!,
      (x) => x.status === 'sent',
      30_000,
    );
    const calls = fake.requests.filter((r) => r.method === 'sendMessage' && r.params.text === 'After the rate limit');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.sent(CHAT).filter((s) => s.text === 'After the rate limit')).toHaveLength(1);
    expect(m.providerMessageId).toMatch(new RegExp(`^tg:${CHAT}:\\d+$`));
  }, 40_000);

  it('fails at once when the customer blocked the bot', async () => {
    fake.blockChat(CHAT);
    const res = await agentSends(conversationId, { type: 'text', text: 'Are you there?' });
    const messageId = res.json().id as string;
    const m = await until(
      async () => (await db().select().from(messages).where(eq(messages.id, messageId)))[0]!,
      (x) => x.status === 'failed',
    );
    expect(m.errorCode).toBe(403);
    expect(m.errorTitle).toContain('blocked');
    expect(fake.requests.filter((r) => r.method === 'sendMessage' && r.params.text === 'Are you there?')).toHaveLength(1);
    fake.unblockChat(CHAT);
  });
});

describe('removing the channel', () => {
  it('deletes the webhook at Telegram, and its URL stops accepting updates', async () => {
    const secret = fake.webhook!.secretToken!;
    const res = await http('DELETE', `/api/v1/channels/${channelId}`);
    expect(res.status).toBe(204);
    expect(fake.webhook).toBeNull();
    expect(fake.requests.at(-1)!.method).toBe('deleteWebhook');
    expect((await postUpdate({ update_id: 99, message: {} }, secret)).statusCode).toBe(401);
  });
});
