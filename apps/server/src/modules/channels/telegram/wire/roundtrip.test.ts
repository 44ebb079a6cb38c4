// The whole loop as the Telegram adapter will run it: the fake plays the user and POSTs updates; the
// receiver checks the secret header, parses, dedupes on update_id and answers through the client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../fake-telegram/test-setup';
import { parseUpdate } from './inbound';
import type { TelegramItem } from './inbound-types';
import { buildAnswerCallback, buildSendMessage } from './outbound';
import { verifySecretToken } from './secret-token';
import { createTelegramClient, DEFAULT_ALLOWED_UPDATES, type TelegramClient } from './telegram-client';

const SECRET = 'roundtrip_secret-1';
const CHAT = 424242;

let h: Harness;
let client: TelegramClient;
const seen = new Set<number>();
const handled: TelegramItem[] = [];

beforeAll(async () => {
  h = await startHarness();
  client = createTelegramClient({ baseUrl: h.fake.url, token: h.fake.token, timeoutMs: 2000 });
  h.receiver.onUpdate = async (hit) => {
    if (!verifySecretToken(hit.secretToken, SECRET)) return 401;
    const parsed = parseUpdate(JSON.parse(hit.rawBody));
    if (parsed.updateId === null || seen.has(parsed.updateId)) return 200; // duplicate: acknowledge, do nothing
    seen.add(parsed.updateId);
    for (const item of parsed.items) {
      handled.push(item);
      if (item.kind === 'message') {
        await client.sendMessage(
          buildSendMessage({
            chatId: item.chatId,
            text: `Você disse: ${item.text}`,
            replyTo: item.messageId,
            buttons: [
              { id: 'rate:good', title: '👍' },
              { id: 'rate:bad', title: '👎' },
            ],
          }),
        );
      } else if (item.kind === 'callback') {
        await client.answerCallbackQuery(buildAnswerCallback({ callbackQueryId: item.callbackQueryId, text: `Obrigado (${item.data})` }));
      }
    }
    return 200;
  };
  await client.setWebhook({ url: h.receiver.url, secretToken: SECRET, allowedUpdates: DEFAULT_ALLOWED_UPDATES });
});
afterAll(() => h?.close());

describe('fake Telegram ⇄ wire layer', () => {
  it('a message is verified, parsed, answered with buttons; a tap is answered; a redelivery is ignored', async () => {
    expect(await h.fake.userWrites({ chatId: CHAT, from: { firstName: 'Zé', languageCode: 'pt-br' }, text: 'Preciso de ajuda' })).toBe(200);
    const [reply] = h.fake.sent(CHAT);
    expect(reply).toMatchObject({
      text: 'Você disse: Preciso de ajuda',
      replyMarkup: {
        inline_keyboard: [[{ text: '👍', callback_data: 'rate:good' }], [{ text: '👎', callback_data: 'rate:bad' }]],
      },
    });

    expect(await h.fake.userTaps({ chatId: CHAT, messageId: reply!.messageId, data: 'rate:good' })).toBe(200);
    expect(h.fake.answered()).toMatchObject([{ text: 'Obrigado (rate:good)' }]);

    // Telegram retries a delivery it thinks failed: same update_id, handled once.
    expect(await h.fake.redeliver(h.fake.deliveries[0]!.updateId)).toBe(200);
    expect(h.fake.sent(CHAT)).toHaveLength(1);

    expect(handled).toMatchObject([
      { kind: 'message', chatId: String(CHAT), type: 'text', text: 'Preciso de ajuda', from: { firstName: 'Zé', languageCode: 'pt-br' } },
      { kind: 'callback', chatId: String(CHAT), messageId: reply!.messageId, data: 'rate:good' },
    ]);
  });

  it('an update with the wrong secret is refused by the receiver', async () => {
    const before = handled.length;
    await client.setWebhook({ url: h.receiver.url, secretToken: 'some-other-secret', allowedUpdates: DEFAULT_ALLOWED_UPDATES });
    try {
      expect(await h.fake.userWrites({ chatId: CHAT, text: 'forged?' })).toBe(401);
      expect(handled).toHaveLength(before);
    } finally {
      await client.setWebhook({ url: h.receiver.url, secretToken: SECRET, allowedUpdates: DEFAULT_ALLOWED_UPDATES });
    }
  });

  it('blocking shows up as my_chat_member, and the next send is classified blocked', async () => {
    expect(await h.fake.userBlocks({ chatId: CHAT })).toBe(200);
    expect(handled.at(-1)).toEqual({ kind: 'other', updateType: 'my_chat_member' });
    await expect(client.sendMessage(buildSendMessage({ chatId: CHAT, text: 'still there?' }))).rejects.toMatchObject({
      classification: 'blocked',
    });
  });
});
