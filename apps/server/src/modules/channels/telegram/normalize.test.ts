import { describe, expect, it } from 'vitest';
import { normalizeTelegramUpdate } from './normalize';
import { parseUpdate } from './wire';

const NOW = new Date('2026-03-01T12:00:00Z');
const ada = { id: 4242, is_bot: false, first_name: 'Ada', last_name: 'Lovelace', username: 'ada' };
const privateChat = { id: 4242, type: 'private', first_name: 'Ada' };

const normalize = (body: Record<string, unknown>) => normalizeTelegramUpdate(parseUpdate(body, { now: NOW }), body);
const message = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  update_id: 900,
  message: { message_id: 17, date: 1_772_366_400, chat: privateChat, from: ada, ...fields },
  ...extra,
});

describe('normalizeTelegramUpdate', () => {
  it('keys a text message by update id, the sender by user id, the message by chat and message id', () => {
    const { update, problems } = normalize(message({ text: 'hi <b>there</b>' }));
    expect(problems).toEqual([]);
    expect(update!.key).toBe('tg:900');
    expect(update!.event).toMatchObject({
      kind: 'message',
      providerMessageId: 'tg:4242:17',
      from: { keys: ['tg:4242'], profileName: 'Ada Lovelace' },
      type: 'text',
      text: 'hi <b>there</b>',
      content: { type: 'text', body: 'hi <b>there</b>' },
    });
    expect((update!.event as { from: { phoneE164?: string } }).from.phoneE164).toBeUndefined();
  });

  it('maps media without a WhatsApp media id, so no Graph download is ever attempted', () => {
    const photo = normalize(message({ photo: [{ file_id: 'F1', file_unique_id: 'U1', width: 90, height: 90 }], caption: 'look' }));
    expect(photo.update!.event).toMatchObject({ type: 'image', text: 'look', content: { type: 'image', fileId: 'F1', caption: 'look' } });
    const voice = normalize(message({ voice: { file_id: 'V1', file_unique_id: 'U2', duration: 3 } }));
    expect(voice.update!.event).toMatchObject({
      type: 'audio',
      content: { type: 'audio', fileId: 'V1', voice: true, mimeType: 'audio/ogg' },
    });
    for (const r of [photo, voice]) expect((r.update!.event as { content: object }).content).not.toHaveProperty('mediaId');
  });

  it('maps a shared contact to a WhatsApp-shaped card', () => {
    const { update } = normalize(
      message({ contact: { phone_number: '+351 912 345 678', first_name: 'Grace', last_name: 'Hopper', user_id: 99 } }),
    );
    expect(update!.event).toMatchObject({
      type: 'contacts',
      content: {
        type: 'contacts',
        formattedNames: ['Grace Hopper'],
        contacts: [{ name: { formatted_name: 'Grace Hopper' }, phones: [{ phone: '+351 912 345 678' }], telegram_user_id: '99' }],
      },
    });
  });

  it('turns an edit into its own event naming the original message', () => {
    const body = {
      update_id: 901,
      edited_message: { message_id: 17, date: 1_772_366_400, edit_date: 1_772_366_460, chat: privateChat, from: ada, text: 'hi again' },
    };
    const { update } = normalize(body);
    expect(update!.event).toMatchObject({
      providerMessageId: 'tg:4242:17:edit:901',
      type: 'edit',
      text: 'hi again',
      content: { type: 'edit', originalMessageId: 'tg:4242:17', edited: { type: 'text', body: 'hi again' } },
    });
  });

  it('turns a button tap into an interactive reply carrying the callback data as its id, titled from the keyboard', () => {
    const body = {
      update_id: 902,
      callback_query: {
        id: 'cbq-1',
        from: ada,
        chat_instance: '1',
        data: 'menu:sales',
        message: {
          message_id: 30,
          date: 1_772_366_400,
          chat: privateChat,
          text: 'Pick one',
          reply_markup: {
            inline_keyboard: [[{ text: 'Sales', callback_data: 'menu:sales' }], [{ text: 'Support', callback_data: 'menu:support' }]],
          },
        },
      },
    };
    const { update, problems } = normalize(body);
    expect(problems).toEqual([]);
    expect(update!.callbackQueryId).toBe('cbq-1');
    expect(update!.event).toMatchObject({
      providerMessageId: 'tg:callback:cbq-1',
      type: 'interactive',
      text: 'Sales',
      content: { type: 'interactive', replyType: 'button_reply', id: 'menu:sales', title: 'Sales' },
      replyToProviderId: 'tg:4242:30',
    });
  });

  it('ignores, with a reason, what Parley does not serve: group chats, other bots, taps without data, no update id', () => {
    const group = normalize(
      message({ text: 'hi' }, { message: { message_id: 1, date: 1, chat: { id: -100123, type: 'supergroup' }, from: ada, text: 'hi' } }),
    );
    expect(group.update).toBeNull();
    expect(group.problems.join()).toContain('supergroup');
    const bot = normalize(message({ text: 'beep', from: { id: 4242, is_bot: true, first_name: 'Robo' } }));
    expect(bot.update).toBeNull();
    expect(bot.problems.join()).toContain('another bot');
    const tap = normalize({
      update_id: 3,
      callback_query: {
        id: 'q',
        from: ada,
        chat_instance: '1',
        data: 'x'.repeat(65),
        message: { message_id: 1, date: 1, chat: privateChat },
      },
    });
    expect(tap.update).toBeNull();
    expect(tap.problems.join()).toContain('callback data');
    const noId = normalize({ message: { message_id: 1, date: 1, chat: privateChat, from: ada, text: 'hi' } });
    expect(noId.update).toBeNull();
  });

  it('keeps an update type it does not handle as an `other` event', () => {
    const { update } = normalize({ update_id: 5, my_chat_member: { chat: privateChat } });
    expect(update).toMatchObject({ key: 'tg:5', event: { kind: 'other', field: 'my_chat_member' } });
  });
});
