import { describe, expect, it } from 'vitest';
import { parseUpdate } from './inbound';
import { MAX_TEXT_UNITS } from './inbound-content';
import type { TelegramMessageItem } from './inbound-types';
import { message, PRIVATE_CHAT, update, USER } from './test-fixtures';

function deep(levels: number): unknown {
  // Built iteratively: a recursive builder would itself overflow the stack.
  let v: unknown = { end: true };
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

function deepReplies(levels: number): Record<string, unknown> {
  let m: Record<string, unknown> = message({ text: 'bottom' }, { message_id: 1 });
  for (let i = 2; i <= levels; i++) m = message({ text: `level ${i}` }, { message_id: i, reply_to_message: m });
  return m;
}

const throwingProxy = new Proxy(
  {},
  {
    get: () => {
      throw new Error('boom');
    },
    getOwnPropertyDescriptor: () => {
      throw new Error('boom');
    },
    ownKeys: () => {
      throw new Error('boom');
    },
    has: () => {
      throw new Error('boom');
    },
  },
);

describe('parseUpdate never throws', () => {
  const hostile: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['an empty array', []],
    ['an array of updates', [update({ text: 'x' })]],
    ['a string', '{"update_id":1}'],
    ['a number', 42],
    ['true', true],
    ['a bigint', 10n],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['an empty object', {}],
    ['message: null', { update_id: 1, message: null }],
    ['message: []', { update_id: 1, message: [] }],
    ['message: "x"', { update_id: 1, message: 'x' }],
    ['chat is an array', { update_id: 1, message: { message_id: 1, chat: [], date: 1, text: 'x' } }],
    ['ids of every wrong type', { update_id: {}, message: { message_id: 'x', chat: { id: {} }, from: { id: [] }, date: {} } }],
    ['junk everywhere', update({ text: ['x'], entities: 'x', photo: {}, caption: {}, document: [], location: 'here' })],
    ['entities of junk', update({ text: 'x', entities: [null, 1, 'a', [], {}, { type: 5, offset: -1, length: 1e300 }] })],
    ['callback of junk', { update_id: 1, callback_query: { id: {}, from: 'me', message: 5, data: {} } }],
    ['deep nesting as the body', deep(10_000)],
    ['deep nesting as the message', { update_id: 1, message: deep(10_000) }],
    ['deep nesting inside a message', update({ text: deep(10_000), entities: deep(10_000), photo: deep(10_000), contact: deep(10_000) })],
    ['a 10,000-deep reply chain', { update_id: 1, message: deepReplies(10_000) }],
    ['NUL bytes', update({ text: 'a\u0000b' }, { from: { ...USER, first_name: '\u0000' }, chat: { ...PRIVATE_CHAT, type: '\u0000' } })],
    ['NUL bytes in keys', { update_id: 1, 'message\u0000': message({ text: 'x' }) }],
    [
      'prototype keys',
      JSON.parse(
        '{"update_id":1,"__proto__":{"message":{"text":"x"}},"constructor":{"prototype":{}},"message":{"__proto__":{"text":"evil"}}}',
      ),
    ],
    ['a Map', new Map([['update_id', 1]])],
    ['a Date', new Date()],
    ['a proxy that throws on every trap', throwingProxy],
    ['a proxy as the message', { update_id: 1, message: throwingProxy }],
    ['a proxy as the chat', { update_id: 1, message: { message_id: 1, chat: throwingProxy, date: 1, text: 'x' } }],
    [
      'a throwing getter',
      Object.defineProperty({ update_id: 1 }, 'message', {
        enumerable: true,
        get: () => {
          throw new Error('boom');
        },
      }),
    ],
    ['a thousand fields', Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`field${i}`, i]))],
    ['a million photo sizes', update({ photo: Array.from({ length: 1_000_000 }, () => ({ file_id: 'x', width: 1, height: 1 })) })],
  ];

  it.each(hostile)('%s', (_name, body) => {
    const parsed = parseUpdate(body);
    expect(Array.isArray(parsed.items)).toBe(true);
    expect(Array.isArray(parsed.problems)).toBe(true);
    expect(parsed.updateId === null || Number.isSafeInteger(parsed.updateId)).toBe(true);
    expect(parsed.problems.length).toBeLessThanOrEqual(101);
  });

  it('a throwing getter on one field keeps the update id and notes the field', () => {
    const body = Object.defineProperty({ update_id: 7 }, 'message', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const parsed = parseUpdate(body);
    expect(parsed.updateId).toBe(7);
    expect(parsed.problems).toEqual(['message: unreadable, skipped']);
  });

  it('strips NUL bytes and lone surrogates from extracted text and names', () => {
    const parsed = parseUpdate(update({ text: 'a\u0000b\ud83d' }, { from: { id: 1, first_name: 'J\u0000o' } }));
    const m = parsed.items[0] as TelegramMessageItem;
    expect(m.text).toBe('ab\ufffd');
    expect(m.from.firstName).toBe('Jo');
  });

  it('caps huge text (kept whole up to the limit, with a note) and never cuts a surrogate pair', () => {
    const huge = `${'a'.repeat(MAX_TEXT_UNITS - 1)}😮${'b'.repeat(10_000_000)}`;
    const parsed = parseUpdate(update({ text: huge }));
    const m = parsed.items[0] as TelegramMessageItem;
    expect(m.text).toBe('a'.repeat(MAX_TEXT_UNITS - 1));
    expect(m.content).toMatchObject({ body: m.text });
    expect(parsed.problems).toEqual([`message.text: ${huge.length} characters, kept the first ${MAX_TEXT_UNITS}`]);
  });

  it('caps names, usernames and captions too', () => {
    const big = 'x'.repeat(1_000_000);
    const parsed = parseUpdate(
      update({ photo: [{ file_id: 'f', width: 1, height: 1 }], caption: big }, { from: { id: 1, first_name: big, username: big } }),
    );
    const m = parsed.items[0] as TelegramMessageItem;
    expect(m.from.firstName).toHaveLength(256);
    expect(m.from.username).toHaveLength(64);
    expect(m.text).toHaveLength(MAX_TEXT_UNITS);
  });

  it('refuses (does not cut) oversized file ids', () => {
    const parsed = parseUpdate(update({ document: { file_id: 'x'.repeat(100_000), file_unique_id: 'u' } }));
    expect(parsed.items[0]).toMatchObject({ type: 'unknown', content: { rawType: 'document' } });
  });

  it('keeps at most 100 entities and 10 photo sizes', () => {
    const entities = Array.from({ length: 5000 }, (_, i) => ({ type: 'bold', offset: i, length: 1 }));
    const parsed = parseUpdate(update({ text: 'x', entities }));
    expect((parsed.items[0] as TelegramMessageItem).content).toMatchObject({ entities: expect.any(Array) });
    expect(((parsed.items[0] as TelegramMessageItem).content as { entities: unknown[] }).entities).toHaveLength(100);
    const sizes = Array.from({ length: 50 }, (_, i) => ({ file_id: `f${i}`, file_unique_id: `u${i}`, width: i + 1, height: i + 1 }));
    const photo = (parseUpdate(update({ photo: sizes })).items[0] as TelegramMessageItem).content as { sizes: unknown[]; fileId: string };
    expect(photo.sizes).toHaveLength(10);
    expect(photo.fileId).toBe('f49');
  });

  it('a message without chat id or message id is a problem, not an item', () => {
    expect(parseUpdate({ update_id: 1, message: { message_id: 1, date: 1, text: 'x' } })).toEqual({
      updateId: 1,
      items: [],
      problems: ['message: message without a chat id skipped'],
    });
    expect(parseUpdate({ update_id: 1, message: { chat: PRIVATE_CHAT, date: 1, text: 'x' } }).problems).toEqual([
      'message: message without a message_id skipped',
    ]);
  });

  it('ignores inherited properties: a "__proto__" key is data, never a field', () => {
    const parsed = parseUpdate(
      JSON.parse('{"update_id":1,"message":{"__proto__":{"text":"evil"},"message_id":1,"chat":{"id":5},"date":1}}'),
    );
    expect(parsed.items[0]).toMatchObject({ type: 'unknown', text: '[message]' });
  });

  it('bounds the fields read from a body with thousands of them', () => {
    const parsed = parseUpdate(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`field${i}`, i])));
    expect(parsed.items).toHaveLength(16);
  });
});
