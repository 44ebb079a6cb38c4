import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../platform/errors';
import { buildAnswerCallback, buildSendMessage, TELEGRAM_LIMITS, type SendMessageInput } from './outbound';
import { byteCount, charCount } from './outbound-validate';

/** The issues a build throws; fails the test when it does not throw a validation AppError. */
function issuesOf(build: () => unknown): Array<{ field: string; message: string }> {
  let caught: unknown;
  try {
    build();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AppError);
  const err = caught as AppError;
  expect(err.code).toBe('validation_failed');
  return err.details.issues ?? [];
}

const fields = (build: () => unknown) => issuesOf(build).map((i) => i.field);
const send = (over: Partial<SendMessageInput>) => buildSendMessage({ chatId: '987654321', text: 'Olá', ...over });

describe('buildSendMessage', () => {
  it('builds a plain text message', () => {
    expect(send({})).toEqual({ chat_id: 987654321, text: 'Olá' });
  });

  it('builds buttons as an inline keyboard, one per row, and a reply', () => {
    const body = send({
      buttons: [
        { id: 'plan:basic', title: 'Basic' },
        { id: 'plan:pro', title: 'Pro ⭐' },
        { url: 'https://parley.example/help', title: 'Help' },
      ],
      replyTo: 41,
      silent: true,
    });
    expect(body).toEqual({
      chat_id: 987654321,
      text: 'Olá',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Basic', callback_data: 'plan:basic' }],
          [{ text: 'Pro ⭐', callback_data: 'plan:pro' }],
          [{ text: 'Help', url: 'https://parley.example/help' }],
        ],
      },
      reply_to_message_id: 41,
      disable_notification: true,
    });
  });

  it('accepts chat ids as numbers, digit strings and negative group ids', () => {
    expect(send({ chatId: 987654321 }).chat_id).toBe(987654321);
    expect(send({ chatId: '-1001234567890' }).chat_id).toBe(-1001234567890);
  });

  it.each([0, '0', 'abc', '@channel', 1.5, 2 ** 60, '', null, undefined])('rejects chat id %s naming chatId', (chatId) => {
    expect(fields(() => send({ chatId: chatId as string }))).toEqual(['chatId']);
  });

  describe('text: 1..4096 characters', () => {
    it('exactly 4096 characters is accepted; 4097 is rejected naming text', () => {
      expect(send({ text: 'a'.repeat(4096) }).text).toHaveLength(4096);
      expect(issuesOf(() => send({ text: 'a'.repeat(4097) }))).toEqual([{ field: 'text', message: 'must be at most 4096 characters' }]);
    });

    it('counts characters, not UTF-16 units: 4096 emoji pass, 4097 do not', () => {
      expect(charCount('😮'.repeat(4096))).toBe(4096);
      expect(send({ text: '😮'.repeat(4096) }).text).toHaveLength(8192);
      expect(fields(() => send({ text: '😮'.repeat(4097) }))).toEqual(['text']);
    });

    it.each([
      ['empty', '', 'must not be empty'],
      ['blank', ' \n\t ', 'must not be blank'],
      ['missing', undefined, 'is required'],
      ['not a string', 42, 'must be a string'],
    ])('%s text is rejected', (_name, text, message) => {
      expect(issuesOf(() => send({ text: text as string }))).toEqual([{ field: 'text', message }]);
    });

    it('rejects a 10 MB text quickly', () => {
      expect(fields(() => send({ text: 'x'.repeat(10_000_000) }))).toEqual(['text']);
    });
  });

  describe('buttons', () => {
    it('callback_data (id) of exactly 64 bytes is accepted; 65 bytes is rejected naming the button id', () => {
      expect(send({ buttons: [{ id: 'x'.repeat(64), title: 'A' }] }).reply_markup?.inline_keyboard[0]?.[0]?.callback_data).toHaveLength(64);
      expect(issuesOf(() => send({ buttons: [{ id: 'x'.repeat(65), title: 'A' }] }))).toEqual([
        { field: 'buttons[0].id', message: 'must be at most 64 bytes of UTF-8' },
      ]);
    });

    it('counts callback_data in UTF-8 bytes, not characters', () => {
      expect(byteCount('é'.repeat(32))).toBe(64);
      expect(() => send({ buttons: [{ id: 'é'.repeat(32), title: 'A' }] })).not.toThrow();
      // 33 characters, 66 bytes: under a character limit, over Telegram's byte limit.
      expect(fields(() => send({ buttons: [{ id: 'é'.repeat(33), title: 'A' }] }))).toEqual(['buttons[0].id']);
      expect(() => send({ buttons: [{ id: '😮'.repeat(16), title: 'A' }] })).not.toThrow();
      expect(fields(() => send({ buttons: [{ id: '😮'.repeat(17), title: 'A' }] }))).toEqual(['buttons[0].id']);
    });

    it('title of exactly 64 characters is accepted; 65 is rejected naming the title', () => {
      expect(() => send({ buttons: [{ id: 'a', title: 't'.repeat(64) }] })).not.toThrow();
      expect(() => send({ buttons: [{ id: 'a', title: '⭐'.repeat(64) }] })).not.toThrow();
      expect(issuesOf(() => send({ buttons: [{ id: 'a', title: 't'.repeat(65) }] }))).toEqual([
        { field: 'buttons[0].title', message: 'must be at most 64 characters' },
      ]);
    });

    it('exactly 100 buttons are accepted; 101 are rejected naming buttons', () => {
      const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title: `B${i}` }));
      expect(send({ buttons: many(100) }).reply_markup?.inline_keyboard).toHaveLength(100);
      expect(fields(() => send({ buttons: many(101) }))).toEqual(['buttons']);
    });

    it('an empty button list sends no keyboard', () => {
      expect(send({ buttons: [] })).toEqual({ chat_id: 987654321, text: 'Olá' });
    });

    it.each([
      ['an empty id', { id: '', title: 'A' }, 'buttons[0].id'],
      ['a blank title', { id: 'a', title: '  ' }, 'buttons[0].title'],
      ['no title', { id: 'a' }, 'buttons[0].title'],
      ['neither id nor url', { title: 'A' }, 'buttons[0].id'],
      ['both id and url', { id: 'a', url: 'https://x.example', title: 'A' }, 'buttons[0].id'],
      ['a javascript: url', { url: 'javascript:alert(1)', title: 'A' }, 'buttons[0].url'],
      ['a url with credentials', { url: 'https://u:p@x.example', title: 'A' }, 'buttons[0].url'],
      ['not an object', 'yes', 'buttons[0]'],
    ])('rejects a button with %s', (_name, button, field) => {
      expect(fields(() => send({ buttons: [button as never] }))).toEqual([field]);
    });

    it('rejects duplicate ids: the taps could not be told apart', () => {
      expect(
        fields(() =>
          send({
            buttons: [
              { id: 'same', title: 'A' },
              { id: 'same', title: 'B' },
            ],
          }),
        ),
      ).toEqual(['buttons[1].id']);
    });
  });

  it.each([0, -1, 1.5, 'abc'])('rejects replyTo %s', (replyTo) => {
    expect(fields(() => send({ replyTo: replyTo as number }))).toEqual(['replyTo']);
  });

  it('reports every problem at once', () => {
    expect(
      fields(() =>
        buildSendMessage({ chatId: 'x', text: '', buttons: [{ id: 'x'.repeat(65), title: '' }], replyTo: -5 } as SendMessageInput),
      ),
    ).toEqual(['chatId', 'text', 'buttons[0].title', 'buttons[0].id', 'replyTo']);
  });

  it('a non-object input is a validation error, not a TypeError', () => {
    expect(fields(() => buildSendMessage(null as unknown as SendMessageInput))).toEqual(['message']);
  });
});

describe('buildAnswerCallback', () => {
  it('answers with and without a toast', () => {
    expect(buildAnswerCallback({ callbackQueryId: '4382bfdwdsb323b2d9' })).toEqual({ callback_query_id: '4382bfdwdsb323b2d9' });
    expect(buildAnswerCallback({ callbackQueryId: 'q', text: 'Saved', showAlert: true })).toEqual({
      callback_query_id: 'q',
      text: 'Saved',
      show_alert: true,
    });
    expect(buildAnswerCallback({ callbackQueryId: 'q', text: '' })).toEqual({ callback_query_id: 'q' });
  });

  it('text of exactly 200 characters is accepted; 201 is rejected naming text', () => {
    expect(buildAnswerCallback({ callbackQueryId: 'q', text: '✓'.repeat(TELEGRAM_LIMITS.callbackAnswerTextMax) }).text).toHaveLength(200);
    expect(issuesOf(() => buildAnswerCallback({ callbackQueryId: 'q', text: 'a'.repeat(201) }))).toEqual([
      { field: 'text', message: 'must be at most 200 characters' },
    ]);
  });

  it.each([undefined, '', 'has space', 42])('rejects callbackQueryId %s', (id) => {
    expect(fields(() => buildAnswerCallback({ callbackQueryId: id as string }))).toEqual(['callbackQueryId']);
  });

  it('rejects a non-boolean showAlert', () => {
    expect(fields(() => buildAnswerCallback({ callbackQueryId: 'q', showAlert: 'yes' as unknown as boolean }))).toEqual(['showAlert']);
  });
});
