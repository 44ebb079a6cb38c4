import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram } from './fake-telegram';
import { botApi, startReceiver, type Json } from './test-receiver';
import { startHarness, type Harness } from './test-setup';

const SECRET = 'hook-secret_0123';
const CHAT = 555000111;

let h: Harness;
let clock = Date.UTC(2026, 0, 1);
const call = (method: string, params: Record<string, unknown> = {}) => botApi(h.fake.url, h.fake.token, method, params);
const bodies = () => h.receiver.hits.map((h) => h.body as Json);

beforeAll(async () => {
  h = await startHarness({ firstUpdateId: 500, now: () => clock, webhookTimeoutMs: 1000 });
});
afterAll(() => h?.close());
beforeEach(async () => {
  h.fake.reset();
  h.receiver.hits.length = 0;
  h.receiver.answer = 200;
  h.receiver.onUpdate = undefined;
  await call('setWebhook', { url: h.receiver.url, secret_token: SECRET, allowed_updates: [] });
});
afterEach(() => {
  clock += 60_000;
});

describe('webhook deliveries', () => {
  it('userWrites POSTs a message update with the secret header, JSON, from 127.0.0.1', async () => {
    expect(
      await h.fake.userWrites({
        chatId: CHAT,
        from: { firstName: 'Ana', lastName: 'Souza', username: 'ana', languageCode: 'pt-br' },
        text: 'Olá 😮',
      }),
    ).toBe(200);
    expect(h.receiver.hits).toHaveLength(1);
    const hit = h.receiver.hits[0]!;
    expect(hit.secretToken).toBe(SECRET);
    expect(hit.contentType).toBe('application/json');
    expect(hit.path).toBe('/webhooks/telegram');
    expect(hit.remoteAddress).toMatch(/127\.0\.0\.1$/);
    expect(hit.body).toEqual({
      update_id: expect.any(Number),
      message: {
        message_id: expect.any(Number),
        from: { id: CHAT, is_bot: false, first_name: 'Ana', last_name: 'Souza', username: 'ana', language_code: 'pt-br' },
        chat: { id: CHAT, type: 'private', first_name: 'Ana', last_name: 'Souza', username: 'ana' },
        date: Math.floor(clock / 1000),
        text: 'Olá 😮',
      },
    });
    expect(Object.keys(hit.body)[0]).toBe('update_id');
  });

  it('update_id increases by one per update, across kinds', async () => {
    await h.fake.userWrites({ chatId: CHAT, text: 'a' });
    await h.fake.userWrites({ chatId: CHAT, text: 'b' });
    await h.fake.userTaps({ chatId: CHAT, messageId: 1, data: 'x' });
    await h.fake.userBlocks({ chatId: CHAT });
    const ids = bodies().map((b) => b.update_id as number);
    expect(ids).toHaveLength(4);
    expect(ids.slice(1).map((id, i) => id - ids[i]!)).toEqual([1, 1, 1]);
    expect(h.fake.deliveries.map((d) => [d.updateId, d.updateType, d.responseStatus])).toEqual([
      [ids[0], 'message', 200],
      [ids[1], 'message', 200],
      [ids[2], 'callback_query', 200],
      [ids[3], 'my_chat_member', 200],
    ]);
  });

  it('the first update_id is the configured one', async () => {
    const other = await startFakeTelegram({ firstUpdateId: 7000 });
    try {
      await botApi(other.url, other.token, 'setWebhook', { url: h.receiver.url });
      await other.userWrites({ chatId: 1, text: 'x' });
      expect(bodies().at(-1).update_id).toBe(7000);
      // No secret registered: no header.
      expect(h.receiver.hits.at(-1)?.secretToken).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("message ids follow the chat's own counter, shared with the bot's messages", async () => {
    const chat = CHAT + 1;
    await h.fake.userWrites({ chatId: chat, text: 'first' });
    const sent = await call('sendMessage', { chat_id: chat, text: 'reply' });
    await h.fake.userWrites({ chatId: chat, text: 'second' });
    const [first, second] = bodies().map((b) => b.message.message_id as number);
    expect(sent.json.result.message_id).toBe(first! + 1);
    expect(second).toBe(first! + 2);
  });

  it('returns the receiver status, and 0 when the receiver is unreachable', async () => {
    h.receiver.answer = 500;
    expect(await h.fake.userWrites({ chatId: CHAT, text: 'x' })).toBe(500);
    expect(h.fake.deliveries.at(-1)).toMatchObject({ responseStatus: 500 });
    expect((await call('getWebhookInfo')).json.result).toMatchObject({ last_error_message: 'Wrong response from the webhook: 500' });
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    await call('setWebhook', { url, secret_token: SECRET });
    expect(await h.fake.userWrites({ chatId: CHAT, text: 'x' })).toBe(0);
    expect(h.fake.deliveries.at(-1)).toMatchObject({ responseStatus: 0, error: expect.any(String) });
  });

  it('sendUpdate assigns the next update_id, or keeps a given one (a redelivery); ids continue after it', async () => {
    expect(await h.fake.sendUpdate({ my_chat_member: { chat: { id: CHAT, type: 'private' } } })).toBe(200);
    const assigned = bodies()[0].update_id as number;
    await h.fake.sendUpdate({ update_id: assigned, my_chat_member: { chat: { id: CHAT, type: 'private' } } });
    await h.fake.sendUpdate({
      update_id: assigned + 10,
      message: { message_id: 1, chat: { id: CHAT, type: 'private' }, date: 1, text: 'x' },
    });
    await h.fake.userWrites({ chatId: CHAT, text: 'next' });
    expect(bodies().map((b) => b.update_id)).toEqual([assigned, assigned, assigned + 10, assigned + 11]);
    await expect(h.fake.sendUpdate({ update_id: -1, message: {} })).rejects.toThrow('update_id');
  });

  it('redeliver POSTs the exact same body again', async () => {
    await h.fake.userWrites({ chatId: CHAT, text: 'once' });
    const first = h.receiver.hits[0]!;
    expect(await h.fake.redeliver(first.body.update_id as number)).toBe(200);
    expect(h.receiver.hits[1]?.rawBody).toBe(first.rawBody);
    expect(h.receiver.hits[1]?.secretToken).toBe(SECRET);
    await expect(h.fake.redeliver(1)).rejects.toThrow('never delivered');
  });

  it('honours allowed_updates: a filtered type is not POSTed and answers 0', async () => {
    await call('setWebhook', { url: h.receiver.url, secret_token: SECRET, allowed_updates: ['message'] });
    expect(await h.fake.userTaps({ chatId: CHAT, messageId: 1, data: 'x' })).toBe(0);
    expect(h.receiver.hits).toHaveLength(0);
    expect(h.fake.deliveries.at(-1)).toMatchObject({ updateType: 'callback_query', responseStatus: 0, error: 'not in allowed_updates' });
    expect(await h.fake.userWrites({ chatId: CHAT, text: 'x' })).toBe(200);
    // Empty allowed_updates: everything except the opt-in types.
    await call('setWebhook', { url: h.receiver.url, allowed_updates: [] });
    expect(await h.fake.sendUpdate({ chat_member: {} })).toBe(0);
  });

  it('without a webhook there is nowhere to deliver: it throws', async () => {
    await call('deleteWebhook');
    await expect(h.fake.userWrites({ chatId: CHAT, text: 'x' })).rejects.toThrow('no webhook is set');
  });

  it('the receiver can answer inside its handler: the chat is known before the POST', async () => {
    const chat = CHAT + 2;
    h.receiver.onUpdate = async (hit) => {
      const m = (hit.body as Json).message;
      const res = await call('sendMessage', { chat_id: m.chat.id, text: `echo: ${m.text}`, reply_to_message_id: m.message_id });
      return res.status;
    };
    expect(await h.fake.userWrites({ chatId: chat, text: 'hi' })).toBe(200);
    expect(h.fake.sent(chat).map((s) => s.text)).toEqual(['echo: hi']);
  });

  it('userTaps embeds the tapped bot message (with its keyboard) and a fresh answerable query id', async () => {
    await h.fake.userWrites({ chatId: CHAT, text: 'menu' });
    const keyboard = { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] };
    const sent = await call('sendMessage', { chat_id: CHAT, text: 'Confirm?', reply_markup: keyboard });
    h.receiver.hits.length = 0;
    expect(await h.fake.userTaps({ chatId: CHAT, from: { firstName: 'Ana' }, messageId: sent.json.result.message_id, data: 'yes' })).toBe(
      200,
    );
    const q = bodies()[0].callback_query;
    expect(q).toEqual({
      id: expect.stringMatching(/^\d+$/),
      from: { id: CHAT, is_bot: false, first_name: 'Ana' },
      message: sent.json.result,
      chat_instance: expect.stringMatching(/^-\d+$/),
      data: 'yes',
    });
    expect(q.message.reply_markup).toEqual(keyboard);
    expect((await call('answerCallbackQuery', { callback_query_id: q.id })).status).toBe(200);
  });

  it('a tap on a message the fake does not know carries an inaccessible message (date 0)', async () => {
    await h.fake.userTaps({ chatId: CHAT, messageId: 999_999, data: 'old' });
    expect(bodies()[0].callback_query.message).toMatchObject({ message_id: 999_999, chat: { id: CHAT }, date: 0 });
  });

  it('userSends delivers any content, e.g. a photo with a caption', async () => {
    const photo = [{ file_id: 'AgAC', file_unique_id: 'AQAD', width: 90, height: 90 }];
    await h.fake.userSends({ chatId: CHAT, content: { photo, caption: 'receipt' } });
    expect(bodies()[0].message).toMatchObject({ chat: { id: CHAT }, photo, caption: 'receipt' });
  });

  it('userBlocks sends my_chat_member (kicked) and blocks sends', async () => {
    await h.fake.userWrites({ chatId: CHAT, text: 'bye' });
    await h.fake.userBlocks({ chatId: CHAT });
    expect(bodies()[1].my_chat_member).toMatchObject({
      chat: { id: CHAT },
      old_chat_member: { status: 'member', user: { id: h.fake.botId, is_bot: true } },
      new_chat_member: { status: 'kicked' },
    });
    expect((await call('sendMessage', { chat_id: CHAT, text: 'x' })).status).toBe(403);
  });

  it('group chats need a member id', async () => {
    await expect(h.fake.userWrites({ chatId: -1001234567890, text: 'x' })).rejects.toThrow('from.id');
    await h.fake.userWrites({ chatId: -1001234567890, from: { id: 42, firstName: 'Bo' }, text: 'x' });
    expect(bodies()[0].message).toMatchObject({ from: { id: 42 }, chat: { id: -1001234567890, type: 'supergroup' } });
  });

  it('after close, nothing is delivered and the server is gone', async () => {
    const other = await startFakeTelegram();
    await botApi(other.url, other.token, 'setWebhook', { url: h.receiver.url });
    await other.close();
    expect(await other.userWrites({ chatId: CHAT, text: 'late' })).toBe(0);
    expect(h.receiver.hits).toHaveLength(0);
    await expect(fetch(`${other.url}/bot${other.token}/getMe`)).rejects.toThrow();
  });
});

describe('remembered users', () => {
  it('a user who acts again without `from` keeps the names they wrote with', async () => {
    await call('setWebhook', { url: h.receiver.url, secret_token: SECRET });
    h.receiver.hits.length = 0;
    await h.fake.userWrites({ chatId: CHAT + 9, from: { firstName: 'Lia', username: 'lia' }, text: 'a' });
    await h.fake.userTaps({ chatId: CHAT + 9, messageId: 1, data: 'x' });
    expect(bodies()[1].callback_query.from).toEqual({ id: CHAT + 9, is_bot: false, first_name: 'Lia', username: 'lia' });
  });
});
