import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram } from './fake-telegram';
import { botApi, type Json } from './test-receiver';
import { startHarness, type Harness } from './test-setup';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const CHAT = 987654321;

let h: Harness;
const call = (method: string, params?: Record<string, unknown> | URLSearchParams, token = TOKEN) =>
  botApi(h.fake.url, token, method, params);
const send = (params: Record<string, unknown>) => call('sendMessage', { chat_id: CHAT, text: 'Olá', ...params });
const keyboard = (...buttons: unknown[]) => ({ inline_keyboard: buttons.map((b) => [b]) });

beforeAll(async () => {
  h = await startHarness({ token: TOKEN });
});
afterAll(() => h?.close());
beforeEach(async () => {
  h.fake.reset();
  h.receiver.hits.length = 0;
  expect((await call('setWebhook', { url: h.receiver.url, secret_token: 'hook-secret' })).status).toBe(200);
});

describe('authentication and routing', () => {
  it('getMe answers the bot, with the id from the token', async () => {
    const res = await call('getMe');
    expect(res).toEqual({
      status: 200,
      json: {
        ok: true,
        result: expect.objectContaining({ id: 123456789, is_bot: true, first_name: 'Parley Test Bot', username: 'parley_test_bot' }),
      },
    });
    expect(h.fake.botId).toBe(123456789);
  });

  it('method names are case-insensitive, as on Telegram', async () => {
    expect((await call('getme')).status).toBe(200);
    expect((await call('GETME')).status).toBe(200);
  });

  it('a wrong token is 401 Unauthorized, for every method', async () => {
    for (const method of ['getMe', 'sendMessage', 'setWebhook']) {
      expect(await call(method, {}, '123456789:wrong')).toEqual({
        status: 401,
        json: { ok: false, error_code: 401, description: 'Unauthorized' },
      });
    }
  });

  it('unknown methods and paths are 404 Not Found', async () => {
    expect(await call('sendRocket')).toEqual({ status: 404, json: { ok: false, error_code: 404, description: 'Not Found' } });
    expect((await fetch(`${h.fake.url}/`)).status).toBe(404);
    expect((await fetch(`${h.fake.url}/file/bot${TOKEN}/photos/x.jpg`)).status).toBe(404);
  });

  it('records requests with the token redacted', async () => {
    await call('getMe');
    await call('getMe', {}, '999:leaked-wrong-token');
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['setWebhook', '/bot<redacted>/setWebhook', 200],
      ['getMe', '/bot<redacted>/getMe', 200],
      ['getMe', '/bot<redacted>/getMe', 401],
    ]);
    const recorded = JSON.stringify(h.fake.requests);
    expect(recorded).not.toContain(TOKEN);
    expect(recorded).not.toContain('leaked-wrong-token');
  });

  it('a default token is generated in the Bot API format', async () => {
    const other = await startFakeTelegram();
    try {
      expect(other.token).toMatch(/^123456789:[A-Za-z0-9_-]{35}$/);
      expect((await botApi(other.url, other.token, 'getMe')).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('setWebhook / deleteWebhook / getWebhookInfo', () => {
  it('records url, secret token and allowed updates', async () => {
    const res = await call('setWebhook', {
      url: h.receiver.url,
      secret_token: 'S3cr3t_-x',
      allowed_updates: ['message', 'callback_query'],
      max_connections: 10,
    });
    expect(res.json).toEqual({ ok: true, result: true, description: 'Webhook is already set' });
    expect(h.fake.webhook).toEqual({
      url: h.receiver.url,
      secretToken: 'S3cr3t_-x',
      allowedUpdates: ['message', 'callback_query'],
      maxConnections: 10,
    });
    const info = await call('getWebhookInfo');
    expect(info.json.result).toMatchObject({
      url: h.receiver.url,
      pending_update_count: 0,
      allowed_updates: ['message', 'callback_query'],
    });
  });

  it('accepts a form-encoded setWebhook with allowed_updates as a JSON string', async () => {
    const form = new URLSearchParams({ url: h.receiver.url, secret_token: 'form-secret', allowed_updates: '["message"]' });
    expect((await call('setWebhook', form)).status).toBe(200);
    expect(h.fake.webhook).toMatchObject({ secretToken: 'form-secret', allowedUpdates: ['message'] });
  });

  it.each([
    ['https://example.com/hook', 'bad webhook: the fake Telegram only delivers to http://127.0.0.1:<port>/…'],
    ['http://localhost:8080/hook', 'bad webhook: the fake Telegram only delivers to http://127.0.0.1:<port>/…'],
    ['http://127.0.0.2:8080/hook', 'bad webhook: the fake Telegram only delivers to http://127.0.0.1:<port>/…'],
    ['http://10.0.0.1/hook', 'bad webhook: the fake Telegram only delivers to http://127.0.0.1:<port>/…'],
    ['not a url', 'bad webhook: invalid URL'],
  ])('refuses the non-loopback URL %s', async (url, description) => {
    expect(await call('setWebhook', { url })).toEqual({
      status: 400,
      json: { ok: false, error_code: 400, description: `Bad Request: ${description}` },
    });
    expect(h.fake.webhook?.url).toBe(h.receiver.url);
  });

  it.each(['has space', 'ç', 'x'.repeat(257)])('refuses the secret token %s', async (secret) => {
    const res = await call('setWebhook', { url: h.receiver.url, secret_token: secret });
    expect(res.json).toMatchObject({ ok: false, error_code: 400, description: expect.stringContaining('secret token') });
  });

  it('deleteWebhook (or an empty url) removes it', async () => {
    expect((await call('deleteWebhook')).json).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
    expect(h.fake.webhook).toBeNull();
    expect((await call('deleteWebhook')).json.description).toBe('Webhook is already deleted');
    await call('setWebhook', { url: h.receiver.url });
    expect(h.fake.webhook).toEqual({ url: h.receiver.url, allowedUpdates: [], maxConnections: 40 });
    await call('setWebhook', { url: '' });
    expect(h.fake.webhook).toBeNull();
  });
});

describe('sendMessage', () => {
  beforeEach(async () => {
    expect(await h.fake.userWrites({ chatId: CHAT, from: { firstName: 'Ana' }, text: 'oi' })).toBe(200);
  });

  it('refuses a chat that never wrote: 400 chat not found', async () => {
    expect(await call('sendMessage', { chat_id: 55555, text: 'hi' })).toEqual({
      status: 400,
      json: { ok: false, error_code: 400, description: 'Bad Request: chat not found' },
    });
    expect(h.fake.isKnownChat(55555)).toBe(false);
    expect(h.fake.isKnownChat(CHAT)).toBe(true);
  });

  it('answers the Message with the next message_id of the chat, and records it', async () => {
    const userMessageId = (h.receiver.hits.at(-1)?.body as Json).message.message_id as number;
    const first = await send({});
    expect(first).toEqual({
      status: 200,
      json: {
        ok: true,
        result: {
          message_id: userMessageId + 1, // one counter per chat, shared with the user's messages
          from: { id: 123456789, is_bot: true, first_name: 'Parley Test Bot', username: 'parley_test_bot' },
          chat: { id: CHAT, type: 'private', first_name: 'Ana' },
          date: expect.any(Number),
          text: 'Olá',
        },
      },
    });
    expect((await send({ chat_id: String(CHAT) })).json.result.message_id).toBe(userMessageId + 2);
    expect(h.fake.sent(CHAT).map((s) => [s.messageId, s.text])).toEqual([
      [userMessageId + 1, 'Olá'],
      [userMessageId + 2, 'Olá'],
    ]);
    expect(h.fake.sent(1)).toEqual([]);
  });

  it('accepts a form-encoded body with reply_markup as a JSON string, and query-string parameters', async () => {
    const form = new URLSearchParams({
      chat_id: String(CHAT),
      text: 'Pick',
      reply_markup: JSON.stringify(keyboard({ text: 'A', callback_data: 'a' })),
    });
    const res = await call('sendMessage', form);
    expect(res.status).toBe(200);
    expect(res.json.result.reply_markup).toEqual(keyboard({ text: 'A', callback_data: 'a' }));
    const get = await fetch(`${h.fake.url}/bot${TOKEN}/sendMessage?chat_id=${CHAT}&text=${encodeURIComponent('via GET')}`);
    expect(((await get.json()) as Json).result.text).toBe('via GET');
  });

  it('text: 4096 characters pass, 4097 are "message is too long"; emoji count as one', async () => {
    expect((await send({ text: 'a'.repeat(4096) })).status).toBe(200);
    expect((await send({ text: '😮'.repeat(4096) })).status).toBe(200);
    expect(await send({ text: 'a'.repeat(4097) })).toEqual({
      status: 400,
      json: { ok: false, error_code: 400, description: 'Bad Request: message is too long' },
    });
  });

  it.each([
    ['missing text', { text: undefined }, 'Bad Request: message text is empty'],
    ['blank text', { text: '  \n' }, 'Bad Request: message text is empty'],
    ['missing chat_id', { chat_id: undefined }, 'Bad Request: chat_id is empty'],
    ['a username chat_id', { chat_id: '@someone' }, 'Bad Request: chat not found'],
    ['a bad parse_mode', { parse_mode: 'BBCode' }, 'Bad Request: unsupported parse_mode'],
    ['unparseable reply_markup', { reply_markup: '{nope' }, "Bad Request: can't parse reply keyboard markup JSON object"],
    [
      'inline_keyboard not an array of arrays',
      { reply_markup: { inline_keyboard: [{ text: 'A', callback_data: 'a' }] } },
      'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
    ],
    [
      'callback_data of 65 bytes',
      { reply_markup: keyboard({ text: 'A', callback_data: 'x'.repeat(65) }) },
      'Bad Request: BUTTON_DATA_INVALID',
    ],
    [
      'callback_data of 33 two-byte characters',
      { reply_markup: keyboard({ text: 'A', callback_data: 'é'.repeat(33) }) },
      'Bad Request: BUTTON_DATA_INVALID',
    ],
    ['empty callback_data', { reply_markup: keyboard({ text: 'A', callback_data: '' }) }, 'Bad Request: BUTTON_DATA_INVALID'],
    [
      'a button without an action',
      { reply_markup: keyboard({ text: 'A' }) },
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    ],
    [
      'a button with both callback_data and url',
      { reply_markup: keyboard({ text: 'A', callback_data: 'a', url: 'https://x.example' }) },
      "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used",
    ],
    ['a javascript: url button', { reply_markup: keyboard({ text: 'A', url: 'javascript:alert(1)' }) }, 'Bad Request: BUTTON_URL_INVALID'],
    ['an empty button text', { reply_markup: keyboard({ text: '', callback_data: 'a' }) }, 'Bad Request: BUTTON_TEXT_EMPTY'],
    ['an unknown reply_to_message_id', { reply_to_message_id: 999 }, 'Bad Request: message to be replied not found'],
  ])('refuses %s', async (_name, params, description) => {
    expect(await send(params)).toEqual({ status: 400, json: { ok: false, error_code: 400, description } });
    expect(h.fake.sent()).toEqual([]);
  });

  it('accepts callback_data of exactly 64 bytes and url buttons', async () => {
    const res = await send({
      reply_markup: keyboard({ text: 'A', callback_data: 'é'.repeat(32) }, { text: 'Site', url: 'https://parley.example' }),
    });
    expect(res.status).toBe(200);
  });

  it('a reply quotes the message it answers', async () => {
    const userMessageId = (h.receiver.hits.at(-1)?.body as Json).message.message_id as number;
    const res = await send({ reply_to_message_id: userMessageId });
    expect(res.json.result.reply_to_message).toMatchObject({ message_id: userMessageId, text: 'oi' });
    expect(h.fake.sent()[0]?.replyToMessageId).toBe(userMessageId);
  });

  it('a blocked chat answers 403 until the user writes again', async () => {
    h.fake.blockChat(CHAT);
    expect(await send({})).toEqual({
      status: 403,
      json: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
    await h.fake.userWrites({ chatId: CHAT, text: 'back' });
    expect((await send({})).status).toBe(200);
  });
});

describe('scripted failures and hangs', () => {
  beforeEach(async () => {
    await h.fake.userWrites({ chatId: CHAT, text: 'oi' });
  });

  it('failNext: 429 with retry_after, count times, then recovers', async () => {
    h.fake.failNext({ errorCode: 429, retryAfter: 7, count: 2 });
    for (let i = 0; i < 2; i++) {
      expect(await send({})).toEqual({
        status: 429,
        json: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
      });
    }
    expect((await send({})).status).toBe(200);
  });

  it('failNext only hits its method (default sendMessage); "*" hits any', async () => {
    h.fake.failNext({ errorCode: 502, description: 'Bad Gateway' });
    expect((await call('getMe')).status).toBe(200);
    expect((await send({})).json).toEqual({ ok: false, error_code: 502, description: 'Bad Gateway' });
    h.fake.failNext({ errorCode: 500, method: '*' });
    expect((await call('getMe')).json).toEqual({ ok: false, error_code: 500, description: 'Internal Server Error' });
    h.fake.failNext({ errorCode: 401, method: 'getme' });
    expect((await call('getMe')).status).toBe(401);
  });

  it('an invalid send does not consume the scripted failure', async () => {
    h.fake.failNext({ errorCode: 429, retryAfter: 1 });
    expect((await send({ text: '' })).status).toBe(400);
    expect((await send({})).status).toBe(429);
  });

  it('refuses nonsense scripts', () => {
    expect(() => h.fake.failNext({ errorCode: 200 })).toThrow();
    expect(() => h.fake.failNext({ errorCode: 429, count: 0 })).toThrow();
    expect(() => h.fake.hangNext(-1)).toThrow();
  });

  it("hangNext 'drop' destroys the connection after the delay and sends nothing", async () => {
    h.fake.hangNext(50);
    await expect(send({})).rejects.toThrow();
    expect(h.fake.sent()).toEqual([]);
    expect(h.fake.requests.at(-1)).toMatchObject({ method: 'sendMessage', status: 0 });
  });

  it("hangNext 'respond' answers late, and the message went out", async () => {
    h.fake.hangNext(50, { then: 'respond' });
    const started = Date.now();
    expect((await send({})).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(h.fake.sent()).toHaveLength(1);
  });
});

describe('answerCallbackQuery', () => {
  async function tap(): Promise<string> {
    await h.fake.userWrites({ chatId: CHAT, text: 'oi' });
    const sent = await send({ reply_markup: keyboard({ text: 'Yes', callback_data: 'yes' }) });
    expect(await h.fake.userTaps({ chatId: CHAT, messageId: sent.json.result.message_id, data: 'yes' })).toBe(200);
    return (h.receiver.hits.at(-1)?.body as Json).callback_query.id as string;
  }

  it('answers a tap once; a second answer or an unknown id is refused like Telegram', async () => {
    const id = await tap();
    expect(await call('answerCallbackQuery', { callback_query_id: id, text: 'Saved', show_alert: true })).toEqual({
      status: 200,
      json: { ok: true, result: true },
    });
    expect(h.fake.answered()).toEqual([{ callbackQueryId: id, text: 'Saved', showAlert: true, at: expect.any(Number) }]);
    const again = await call('answerCallbackQuery', { callback_query_id: id });
    expect(again.json.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    expect((await call('answerCallbackQuery', { callback_query_id: '123' })).status).toBe(400);
    expect((await call('answerCallbackQuery', {})).json.description).toBe('Bad Request: parameter "callback_query_id" is required');
  });

  it('text: 200 characters pass, 201 are MESSAGE_TOO_LONG', async () => {
    const id = await tap();
    expect((await call('answerCallbackQuery', { callback_query_id: id, text: 'a'.repeat(201) })).json).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: MESSAGE_TOO_LONG',
    });
    expect((await call('answerCallbackQuery', { callback_query_id: id, text: 'a'.repeat(200) })).status).toBe(200);
  });
});

describe('bodies', () => {
  it('refuses JSON that is not an object, and a malformed multipart body', async () => {
    const post = (body: string, type: string) =>
      fetch(`${h.fake.url}/bot${TOKEN}/sendMessage`, { method: 'POST', headers: { 'content-type': type }, body }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as Json,
      }));
    expect((await post('[1]', 'application/json')).json.description).toBe("Bad Request: can't parse JSON object");
    expect((await post('{bad', 'application/json')).status).toBe(400);
    expect((await post('--x\r\n', 'multipart/form-data; boundary=x')).status).toBe(400);
  });

  it('a "__proto__" parameter stays data', async () => {
    await h.fake.userWrites({ chatId: CHAT, text: 'oi' });
    const res = await fetch(`${h.fake.url}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"__proto__":{"text":"polluted"},"chat_id":${CHAT}}`,
    });
    expect(((await res.json()) as Json).description).toBe('Bad Request: message text is empty');
  });
});
