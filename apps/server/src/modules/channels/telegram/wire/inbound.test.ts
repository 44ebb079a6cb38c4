import { describe, expect, it } from 'vitest';
import { parseUpdate } from './inbound';
import type { TelegramCallbackItem, TelegramItem, TelegramMessageItem } from './inbound-types';
import { DATE, message, PHOTO_SIZES, PRIVATE_CHAT, RAW_TEXT, update, USER } from './test-fixtures';

const NOW = new Date('2026-05-01T00:00:00Z');

function only(body: unknown): TelegramItem {
  const parsed = parseUpdate(body, { now: NOW });
  expect(parsed.items).toHaveLength(1);
  return parsed.items[0]!;
}

function msg(content: Record<string, unknown>, extra: Record<string, unknown> = {}): TelegramMessageItem {
  const item = only(update(content, extra));
  expect(item.kind).toBe('message');
  return item as TelegramMessageItem;
}

describe('parseUpdate: message types', () => {
  it('text, with sender, chat, date, entities and the raw message', () => {
    const body = update({ text: '/start hello', entities: [{ offset: 0, length: 6, type: 'bot_command' }] });
    const parsed = parseUpdate(body, { now: NOW });
    expect(parsed.problems).toEqual([]);
    expect(parsed.updateId).toBe(100000001);
    expect(parsed.items).toEqual([
      {
        kind: 'message',
        chatId: '987654321',
        chatType: 'private',
        messageId: 42,
        at: new Date(DATE * 1000),
        from: { id: '987654321', firstName: 'Ana', lastName: 'Souza', username: 'anasouza', languageCode: 'pt-br' },
        type: 'text',
        text: '/start hello',
        content: { type: 'text', body: '/start hello', entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
        edited: false,
        raw: body.message,
      },
    ]);
  });

  it('text from the raw bytes Telegram sends (UTF-8, emoji)', () => {
    const parsed = parseUpdate(JSON.parse(RAW_TEXT), { now: NOW });
    expect(parsed.updateId).toBe(735120001);
    const m = parsed.items[0] as TelegramMessageItem;
    expect(m).toMatchObject({
      chatId: '987654321',
      messageId: 7,
      text: 'Olá 😮 quero ajuda',
      from: { id: '987654321', firstName: 'José' },
    });
    expect(m.content).toEqual({ type: 'text', body: 'Olá 😮 quero ajuda', entities: [{ type: 'bold', offset: 0, length: 3 }] });
  });

  it('photo: the largest size, every size smallest first, and the caption as summary', () => {
    const m = msg({ photo: PHOTO_SIZES, caption: 'my receipt' }, { media_group_id: '13579' });
    expect(m.type).toBe('photo');
    expect(m.text).toBe('my receipt');
    expect(m.mediaGroupId).toBe('13579');
    expect(m.content).toEqual({
      type: 'photo',
      fileId: 'AgACAgQAAxkBAAMFlarge',
      fileUniqueId: 'AQADl',
      fileSize: 98000,
      width: 1280,
      height: 960,
      caption: 'my receipt',
      sizes: [
        { fileId: 'AgACAgQAAxkBAAMFsmall', fileUniqueId: 'AQADs', fileSize: 1200, width: 90, height: 67 },
        { fileId: 'AgACAgQAAxkBAAMFmedium', fileUniqueId: 'AQADm', fileSize: 21000, width: 320, height: 240 },
        { fileId: 'AgACAgQAAxkBAAMFlarge', fileUniqueId: 'AQADl', fileSize: 98000, width: 1280, height: 960 },
      ],
    });
    expect(msg({ photo: PHOTO_SIZES }).text).toBe('[photo]');
  });

  it('document, summarised by its caption or file name', () => {
    const doc = { file_id: 'BQACAgQ', file_unique_id: 'AgAD', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 52311 };
    const m = msg({ document: doc });
    expect(m.content).toEqual({
      type: 'document',
      fileId: 'BQACAgQ',
      fileUniqueId: 'AgAD',
      fileName: 'invoice.pdf',
      mimeType: 'application/pdf',
      fileSize: 52311,
    });
    expect(m.text).toBe('invoice.pdf');
    expect(msg({ document: doc, caption: 'here' }).text).toBe('here');
    expect(msg({ document: { file_id: 'x', file_unique_id: 'y' } }).text).toBe('[document]');
  });

  it('animation (sent as animation + document) is a document marked animation', () => {
    const file = { file_id: 'CgACAgQ', file_unique_id: 'AgADa', file_name: 'cat.mp4', mime_type: 'video/mp4' };
    const m = msg({ animation: { ...file, width: 320, height: 240, duration: 3 }, document: file });
    expect(m.type).toBe('document');
    expect(m.content).toMatchObject({ type: 'document', fileId: 'CgACAgQ', animation: true });
  });

  it('voice', () => {
    const m = msg({ voice: { file_id: 'AwACAgQ', file_unique_id: 'AgADv', duration: 4, mime_type: 'audio/ogg', file_size: 8000 } });
    expect(m).toMatchObject({ type: 'voice', text: '[voice message]' });
    expect(m.content).toEqual({
      type: 'voice',
      fileId: 'AwACAgQ',
      fileUniqueId: 'AgADv',
      duration: 4,
      mimeType: 'audio/ogg',
      fileSize: 8000,
    });
  });

  it('audio, summarised by performer and title', () => {
    const m = msg({ audio: { file_id: 'CQACAgQ', file_unique_id: 'AgADu', duration: 200, performer: 'Elis', title: 'Águas de Março' } });
    expect(m).toMatchObject({ type: 'audio', text: '🎵 Elis – Águas de Março' });
    expect(m.content).toMatchObject({ type: 'audio', fileId: 'CQACAgQ', duration: 200, performer: 'Elis', title: 'Águas de Março' });
    expect(msg({ audio: { file_id: 'a', file_unique_id: 'b' } }).text).toBe('[audio]');
  });

  it('video', () => {
    const m = msg({
      video: { file_id: 'BAACAgQ', file_unique_id: 'AgADw', width: 1920, height: 1080, duration: 12, mime_type: 'video/mp4' },
      caption: 'broken box',
    });
    expect(m).toMatchObject({ type: 'video', text: 'broken box' });
    expect(m.content).toEqual({
      type: 'video',
      fileId: 'BAACAgQ',
      fileUniqueId: 'AgADw',
      width: 1920,
      height: 1080,
      duration: 12,
      mimeType: 'video/mp4',
      caption: 'broken box',
    });
  });

  it('sticker', () => {
    const m = msg({
      sticker: {
        file_id: 'CAACAgI',
        file_unique_id: 'AgADx',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: true,
        emoji: '👍',
        set_name: 'HotCherry',
      },
    });
    expect(m).toMatchObject({ type: 'sticker', text: '[sticker 👍]' });
    expect(m.content).toEqual({
      type: 'sticker',
      fileId: 'CAACAgI',
      fileUniqueId: 'AgADx',
      emoji: '👍',
      setName: 'HotCherry',
      stickerType: 'regular',
      isAnimated: false,
      isVideo: true,
      width: 512,
      height: 512,
    });
  });

  it('location, and a venue (which carries a location too)', () => {
    const m = msg({ location: { latitude: -23.5505, longitude: -46.6333, horizontal_accuracy: 12.5 } });
    expect(m).toMatchObject({ type: 'location', text: '📍 -23.5505, -46.6333' });
    expect(m.content).toEqual({ type: 'location', latitude: -23.5505, longitude: -46.6333, horizontalAccuracy: 12.5 });
    const loc = { latitude: -22.9519, longitude: -43.2105 };
    const v = msg({ location: loc, venue: { location: loc, title: 'Cristo Redentor', address: 'Parque Nacional da Tijuca' } });
    expect(v).toMatchObject({ type: 'location', text: '📍 Cristo Redentor' });
    expect(v.content).toMatchObject({ venue: { title: 'Cristo Redentor', address: 'Parque Nacional da Tijuca' } });
  });

  it('contact', () => {
    const m = msg({ contact: { phone_number: '+5511987654321', first_name: 'Bia', last_name: 'Lima', user_id: 11223344 } });
    expect(m).toMatchObject({ type: 'contact', text: '👤 Bia Lima +5511987654321' });
    expect(m.content).toEqual({ type: 'contact', phoneNumber: '+5511987654321', firstName: 'Bia', lastName: 'Lima', userId: '11223344' });
  });

  it.each([
    ['poll', { poll: { id: '1', question: 'Q?', options: [] } }],
    ['video_note', { video_note: { file_id: 'x', file_unique_id: 'y', length: 240, duration: 3 } }],
    ['dice', { dice: { emoji: '🎲', value: 4 } }],
    ['new_chat_members', { new_chat_members: [USER] }],
  ])('unmodelled content (%s) is unknown with its rawType, no problem', (rawType, content) => {
    const parsed = parseUpdate(update(content), { now: NOW });
    expect(parsed.problems).toEqual([]);
    const m = parsed.items[0] as TelegramMessageItem;
    expect(m).toMatchObject({ type: 'unknown', content: { type: 'unknown', rawType }, text: `[${rawType}]` });
  });

  it('a message without any content field we know is unknown with a note', () => {
    const parsed = parseUpdate(update({ something_new: {} }), { now: NOW });
    expect(parsed.items[0]).toMatchObject({ type: 'unknown', content: { rawType: null }, text: '[message]' });
    expect(parsed.problems).toEqual(['message: no content field we recognise']);
  });

  it.each([
    ['photo without usable sizes', { photo: [{ width: 1 }] }, 'photo', 'message: photo has no usable size, kept as unknown'],
    ['document without file_id', { document: { file_name: 'x' } }, 'document', 'message: document.file_id missing, kept as unknown'],
    [
      'location out of range',
      { location: { latitude: 91, longitude: 0 } },
      'location',
      'message: location.latitude missing or out of range, kept as unknown',
    ],
    ['text that is not a string', { text: 5 }, 'text', 'message: text is not a string, kept as unknown'],
  ])('a malformed known type (%s) degrades to unknown with a note', (_name, content, rawType, problem) => {
    const parsed = parseUpdate(update(content), { now: NOW });
    expect(parsed.items[0]).toMatchObject({ kind: 'message', type: 'unknown', content: { type: 'unknown', rawType } });
    expect(parsed.problems).toEqual([problem]);
  });

  it('a reply carries the quoted message id (the quoted message itself is not walked)', () => {
    const m = msg({ text: 'this one' }, { reply_to_message: message({ text: 'earlier' }, { message_id: 40 }) });
    expect(m.replyToMessageId).toBe(40);
  });

  it('edited_message: edited, with the edit date', () => {
    const item = only({ update_id: 9, edited_message: message({ text: 'fixed typo' }, { edit_date: DATE + 60 }) });
    expect(item).toMatchObject({ kind: 'message', edited: true, messageId: 42, text: 'fixed typo', at: new Date(DATE * 1000) });
    expect((item as TelegramMessageItem).editedAt).toEqual(new Date((DATE + 60) * 1000));
  });

  it('a group message keeps the negative chat id, the chat type and the member who wrote', () => {
    const item = only({
      update_id: 10,
      message: { message_id: 5, from: USER, chat: { id: -1001234567890, title: 'Clientes', type: 'supergroup' }, date: DATE, text: 'oi' },
    });
    expect(item).toMatchObject({ chatId: '-1001234567890', chatType: 'supergroup', from: { id: '987654321' } });
  });

  it('a message without `from` takes the sender from the chat, with a note', () => {
    const parsed = parseUpdate({ update_id: 11, message: { message_id: 3, chat: PRIVATE_CHAT, date: DATE, text: 'hi' } }, { now: NOW });
    expect(parsed.items[0]).toMatchObject({ from: { id: '987654321', firstName: 'Ana', lastName: 'Souza', username: 'anasouza' } });
    expect(parsed.problems).toEqual(['message: message without a sender, using the chat']);
  });

  it('a message from a bot says so', () => {
    expect(msg({ text: 'x' }, { from: { id: 5, is_bot: true, first_name: 'B' } }).from).toEqual({ id: '5', isBot: true, firstName: 'B' });
  });

  it('a bad date becomes the parse time, with a note', () => {
    const parsed = parseUpdate(update({ text: 'x' }, { date: 'yesterday' }), { now: NOW });
    expect((parsed.items[0] as TelegramMessageItem).at).toEqual(NOW);
    expect(parsed.problems).toEqual(['message.date: bad date "yesterday", using the parse time']);
  });
});

describe('parseUpdate: callback queries', () => {
  const keyboardMessage = {
    message_id: 77,
    from: { id: 123456789, is_bot: true, first_name: 'Bot' },
    chat: PRIVATE_CHAT,
    date: DATE,
    text: 'Pick one',
  };

  it('a tap on an inline button', () => {
    const parsed = parseUpdate(
      {
        update_id: 12,
        callback_query: { id: '4382bfdwdsb323b2d9', from: USER, message: keyboardMessage, chat_instance: '-123', data: 'plan:pro' },
      },
      { now: NOW },
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.items).toEqual([
      {
        kind: 'callback',
        callbackQueryId: '4382bfdwdsb323b2d9',
        chatId: '987654321',
        messageId: 77,
        from: { id: '987654321', firstName: 'Ana', lastName: 'Souza', username: 'anasouza', languageCode: 'pt-br' },
        data: 'plan:pro',
        at: NOW,
      },
    ]);
  });

  it('callback_data of exactly 64 UTF-8 bytes is kept; 65 is refused rather than cut', () => {
    const data64 = `${'é'.repeat(31)}ab`; // 31 × 2 bytes + 2 = 64 bytes
    const tap = (data: string) => parseUpdate({ update_id: 1, callback_query: { id: 'q', from: USER, message: keyboardMessage, data } });
    expect((tap(data64).items[0] as TelegramCallbackItem).data).toBe(data64);
    const over = tap(`${data64}c`);
    expect((over.items[0] as TelegramCallbackItem).data).toBeNull();
    expect(over.problems).toEqual(['callback_query.data: longer than 64 bytes, ignored']);
  });

  it('a tap without data (game button) and on an inline-mode message (no message)', () => {
    const item = only({ update_id: 13, callback_query: { id: 'q2', from: USER, inline_message_id: 'AAAAAQ', chat_instance: '1' } });
    expect(item).toEqual({
      kind: 'callback',
      callbackQueryId: 'q2',
      chatId: '987654321',
      inlineMessageId: 'AAAAAQ',
      from: expect.any(Object),
      data: null,
      at: NOW,
    });
  });

  it('a callback without an id or a sender is skipped with a note', () => {
    expect(parseUpdate({ update_id: 1, callback_query: { from: USER, data: 'x' } }).problems).toEqual([
      'callback_query: callback query without an id skipped',
    ]);
    expect(parseUpdate({ update_id: 1, callback_query: { id: 'q', data: 'x' } }).items).toEqual([]);
  });
});

describe('parseUpdate: other updates and the envelope', () => {
  it.each(['my_chat_member', 'channel_post', 'inline_query', 'chat_join_request', 'message_reaction', 'business_message'])(
    '%s is surfaced as other',
    (updateType) => {
      const parsed = parseUpdate({ update_id: 20, [updateType]: { chat: PRIVATE_CHAT } });
      expect(parsed).toEqual({ updateId: 20, items: [{ kind: 'other', updateType }], problems: [] });
    },
  );

  it('an update with only an id has no items and a note', () => {
    expect(parseUpdate({ update_id: 21 })).toEqual({ updateId: 21, items: [], problems: ['update without any content'] });
  });

  it.each([
    ['a string', '5'],
    ['negative', -1],
    ['a float', 1.5],
    ['beyond 2^53', 2 ** 60],
    ['missing', undefined],
  ])('update_id that is %s is null, but the content is still parsed', (_name, updateId) => {
    const parsed = parseUpdate({ update_id: updateId, message: message({ text: 'x' }) });
    expect(parsed.updateId).toBeNull();
    expect(parsed.items).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^update_id is .*, not a non-negative integer$/);
  });

  it('update_id 0 is valid', () => {
    expect(parseUpdate({ update_id: 0, message: message({ text: 'x' }) }).updateId).toBe(0);
  });

  it('several content fields (Telegram sends one) are all read, with a note', () => {
    const parsed = parseUpdate({ update_id: 22, message: message({ text: 'a' }), my_chat_member: {} });
    expect(parsed.items.map((i) => i.kind)).toEqual(['message', 'other']);
    expect(parsed.problems).toEqual(['update carries 2 fields, Telegram sends one']);
  });
});
