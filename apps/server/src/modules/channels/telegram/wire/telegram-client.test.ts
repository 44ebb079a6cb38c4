import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../platform/errors';
import type { Json } from '../fake-telegram/test-receiver';
import { startHarness, type Harness } from '../fake-telegram/test-setup';
import { buildAnswerCallback, buildSendMessage } from './outbound';
import { createTelegramClient, TelegramApiError, type TelegramClient } from './telegram-client';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const SECRET = 'parley-hook-secret';
const CHAT = 987654321;

let h: Harness;
let client: TelegramClient;

beforeAll(async () => {
  h = await startHarness({ token: TOKEN });
  client = createTelegramClient({ baseUrl: h.fake.url, token: TOKEN, timeoutMs: 2000 });
  await client.setWebhook({ url: h.receiver.url, secretToken: SECRET, allowedUpdates: ['message', 'callback_query'] });
  await h.fake.userWrites({ chatId: CHAT, from: { firstName: 'Ana' }, text: 'oi' });
});
afterAll(() => h?.close());
beforeEach(() => {
  h.fake.reset();
});

/** The TelegramApiError a call rejects with, checked to carry no trace of the token anywhere. */
async function failure(p: Promise<unknown>): Promise<TelegramApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TelegramApiError);
  const e = err as TelegramApiError;
  const secretPart = TOKEN.split(':')[1]!;
  for (const text of [
    e.message,
    e.stack ?? '',
    e.description,
    JSON.stringify(e),
    String(e),
    String((e as { cause?: unknown }).cause ?? ''),
  ]) {
    expect(text).not.toContain(secretPart);
  }
  return e;
}

const text = (t = 'Olá 😮') => buildSendMessage({ chatId: String(CHAT), text: t });

describe('createTelegramClient against the fake Bot API', () => {
  it('setWebhook registered the url, secret token and allowed updates', () => {
    expect(h.fake.webhook).toEqual({
      url: h.receiver.url,
      secretToken: SECRET,
      allowedUpdates: ['message', 'callback_query'],
      maxConnections: 40,
    });
  });

  it('getMe', async () => {
    expect(await client.getMe()).toEqual({
      id: '123456789',
      firstName: 'Parley Test Bot',
      username: 'parley_test_bot',
      canJoinGroups: true,
      canReadAllGroupMessages: false,
    });
  });

  it('sendMessage: posts the built body as JSON and returns the message id', async () => {
    const body = buildSendMessage({ chatId: CHAT, text: 'Escolha', buttons: [{ id: 'plan:pro', title: 'Pro' }] });
    const r = await client.sendMessage(body);
    expect(r).toEqual({ messageId: expect.any(Number), chatId: String(CHAT), at: expect.any(Date) });
    const [sent] = h.fake.sent(CHAT);
    expect(sent).toMatchObject({ messageId: r.messageId, text: 'Escolha', replyMarkup: body.reply_markup });
    expect(sent?.params).toEqual(body);
    expect(h.fake.requests[0]).toMatchObject({ httpMethod: 'POST', method: 'sendMessage', path: '/bot<redacted>/sendMessage' });
  });

  it('429: rate_limit honouring retry_after, not ambiguous', async () => {
    h.fake.failNext({ errorCode: 429, retryAfter: 5 });
    const e = await failure(client.sendMessage(text()));
    expect(e).toMatchObject({
      method: 'sendMessage',
      errorCode: 429,
      description: 'Too Many Requests: retry after 5',
      retryAfter: 5,
      classification: 'rate_limit',
      ambiguous: false,
    });
    expect(h.fake.sent()).toEqual([]);
  });

  it('403: the user blocked the bot', async () => {
    h.fake.blockChat(CHAT);
    try {
      const e = await failure(client.sendMessage(text()));
      expect(e).toMatchObject({
        errorCode: 403,
        description: 'Forbidden: bot was blocked by the user',
        classification: 'blocked',
        ambiguous: false,
      });
      expect(e.message).toBe('Telegram sendMessage failed: 403 Forbidden: bot was blocked by the user');
    } finally {
      h.fake.unblockChat(CHAT);
    }
  });

  it('400 chat not found: definitive', async () => {
    const e = await failure(client.sendMessage(buildSendMessage({ chatId: 11111, text: 'hi' })));
    expect(e).toMatchObject({ errorCode: 400, description: 'Bad Request: chat not found', classification: 'definitive', ambiguous: false });
  });

  it('400 from Telegram when our body breaks its rules (here a hand-made one): definitive', async () => {
    const bad = { chat_id: CHAT, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'x'.repeat(65) }]] } };
    const e = await failure(client.sendMessage(bad));
    expect(e).toMatchObject({ errorCode: 400, description: 'Bad Request: BUTTON_DATA_INVALID', classification: 'definitive' });
  });

  it('5xx: transient, and ambiguous for sendMessage only', async () => {
    h.fake.failNext({ errorCode: 502, description: 'Bad Gateway' });
    expect(await failure(client.sendMessage(text()))).toMatchObject({ errorCode: 502, classification: 'transient', ambiguous: true });
    h.fake.failNext({ errorCode: 500, method: 'getMe' });
    expect(await failure(client.getMe())).toMatchObject({ errorCode: 500, classification: 'transient', ambiguous: false });
  });

  it('a hanging response times out: transient, ambiguous, no error code', async () => {
    const quick = createTelegramClient({ baseUrl: h.fake.url, token: TOKEN, timeoutMs: 150 });
    h.fake.hangNext(2000);
    const started = Date.now();
    const e = await failure(quick.sendMessage(text()));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(e).toMatchObject({
      method: 'sendMessage',
      errorCode: null,
      classification: 'transient',
      ambiguous: true,
      message: 'Telegram sendMessage timed out after 150 ms',
    });
  });

  it('…and the timed-out message may really have gone out (why it is ambiguous)', async () => {
    const quick = createTelegramClient({ baseUrl: h.fake.url, token: TOKEN, timeoutMs: 100 });
    h.fake.hangNext(300, { then: 'respond' });
    await failure(quick.sendMessage(text('late')));
    await new Promise((r) => setTimeout(r, 400));
    expect(h.fake.sent(CHAT).map((s) => s.text)).toEqual(['late']);
  });

  it('a timeout on a safe method (getMe) is not ambiguous', async () => {
    const quick = createTelegramClient({ baseUrl: h.fake.url, token: TOKEN, timeoutMs: 100 });
    h.fake.hangNext(1000, { method: 'getMe' });
    expect(await failure(quick.getMe())).toMatchObject({ classification: 'transient', ambiguous: false });
  });

  it('a refused connection is transient and not ambiguous (nothing left this machine)', async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const dead = createTelegramClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, timeoutMs: 1000 });
    const e = await failure(dead.sendMessage(text()));
    expect(e).toMatchObject({
      errorCode: null,
      classification: 'transient',
      ambiguous: false,
      message: 'Telegram sendMessage failed: network error ECONNREFUSED',
    });
  });

  it('a wrong token is 401 definitive, and neither token appears in the error', async () => {
    const wrongToken = '123456789:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ';
    const wrong = createTelegramClient({ baseUrl: h.fake.url, token: wrongToken, timeoutMs: 1000 });
    const e = await failure(wrong.getMe());
    expect(e).toMatchObject({ errorCode: 401, description: 'Unauthorized', classification: 'definitive' });
    expect(`${e.message} ${e.stack ?? ''} ${JSON.stringify(e)}`).not.toContain('ZZZZZZZZZZ');
  });

  it('a token echoed back in a description is redacted', async () => {
    h.fake.failNext({ errorCode: 400, description: `Bad Request: weird echo of /bot${TOKEN}/sendMessage` });
    const e = await failure(client.sendMessage(text()));
    expect(e.description).toBe('Bad Request: weird echo of /bot<redacted>/sendMessage');
  });

  it('answerCallbackQuery: answers a tap; answering twice is a definitive 400', async () => {
    const { messageId } = await client.sendMessage(buildSendMessage({ chatId: CHAT, text: 'OK?', buttons: [{ id: 'ok', title: 'OK' }] }));
    h.receiver.hits.length = 0;
    await h.fake.userTaps({ chatId: CHAT, messageId, data: 'ok' });
    const id = (h.receiver.hits[0]?.body as Json).callback_query.id as string;
    await client.answerCallbackQuery(buildAnswerCallback({ callbackQueryId: id, text: 'Done' }));
    expect(h.fake.answered()).toEqual([{ callbackQueryId: id, text: 'Done', showAlert: false, at: expect.any(Number) }]);
    const e = await failure(client.answerCallbackQuery(buildAnswerCallback({ callbackQueryId: id })));
    expect(e).toMatchObject({ method: 'answerCallbackQuery', errorCode: 400, classification: 'definitive', ambiguous: false });
  });

  it('setWebhook validates its input before calling', async () => {
    const before = h.fake.requests.length;
    await expect(client.setWebhook({ url: h.receiver.url, secretToken: 'no spaces allowed', allowedUpdates: [] })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ field: 'secretToken', message: expect.any(String) }] },
    });
    await expect(
      client.setWebhook({ url: h.receiver.url, secretToken: SECRET, allowedUpdates: [], maxConnections: 101 }),
    ).rejects.toBeInstanceOf(AppError);
    expect(h.fake.requests.length).toBe(before);
  });

  it('setWebhook surfaces the fake refusing a non-loopback URL', async () => {
    const e = await failure(client.setWebhook({ url: 'https://example.com/hook', secretToken: SECRET, allowedUpdates: [] }));
    expect(e).toMatchObject({ method: 'setWebhook', errorCode: 400, classification: 'definitive' });
  });

  it('deleteWebhook, then set it again', async () => {
    await client.deleteWebhook({ dropPendingUpdates: true });
    expect(h.fake.webhook).toBeNull();
    await client.setWebhook({ url: h.receiver.url, secretToken: SECRET, allowedUpdates: ['message', 'callback_query'] });
    expect(h.fake.webhook?.secretToken).toBe(SECRET);
  });
});

describe('createTelegramClient: responses that are not Bot API bodies', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string; type: string } = { status: 200, body: '', type: 'text/plain' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const raw = () => createTelegramClient({ baseUrl: base, token: TOKEN, timeoutMs: 1000 });

  it("a proxy's HTML 502 is transient and ambiguous for sendMessage", async () => {
    answer = { status: 502, body: '<html><body>502 Bad Gateway</body></html>', type: 'text/html' };
    expect(await failure(raw().sendMessage(text()))).toMatchObject({ errorCode: 502, classification: 'transient', ambiguous: true });
  });

  it('an unreadable 200 may have been acted on: transient and ambiguous', async () => {
    answer = { status: 200, body: 'OK', type: 'text/plain' };
    expect(await failure(raw().sendMessage(text()))).toMatchObject({ errorCode: null, classification: 'transient', ambiguous: true });
    answer = { status: 200, body: '{"ok":true,"result":{"no_id":1}}', type: 'application/json' };
    expect(await failure(raw().sendMessage(text()))).toMatchObject({ classification: 'transient', ambiguous: true });
  });

  it('a bare 404 without a body is definitive', async () => {
    answer = { status: 404, body: '', type: 'text/plain' };
    expect(await failure(raw().getMe())).toMatchObject({ errorCode: 404, classification: 'definitive', ambiguous: false });
  });

  it('a huge response is not buffered', async () => {
    answer = { status: 200, body: `{"ok":true,"result":"${'x'.repeat(2 * 1024 * 1024)}"}`, type: 'application/json' };
    expect(await failure(raw().sendMessage(text()))).toMatchObject({ classification: 'transient', ambiguous: true });
  });
});

describe('createTelegramClient options', () => {
  it('refuses a malformed token without echoing it', () => {
    expect(() => createTelegramClient({ token: 'not-a-token-SECRET', timeoutMs: 1000 })).toThrow(
      'Telegram bot token must look like <bot id>:<secret>',
    );
    try {
      createTelegramClient({ token: 'not-a-token-SECRET', timeoutMs: 1000 });
    } catch (e) {
      expect(String(e)).not.toContain('SECRET');
    }
  });

  it('refuses a non-positive timeout, and defaults to api.telegram.org', () => {
    expect(() => createTelegramClient({ token: TOKEN, timeoutMs: 0 })).toThrow('timeoutMs');
    expect(() => createTelegramClient({ token: TOKEN, timeoutMs: 1000 })).not.toThrow();
  });
});
