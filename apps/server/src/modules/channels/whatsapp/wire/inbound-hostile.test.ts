import { describe, expect, it } from 'vitest';
import { parseWebhook } from './inbound';
import { envelope, inbound } from './test-fixtures';

function deep(levels: number): unknown {
  // Built iteratively: a recursive builder would itself overflow the stack.
  let v: unknown = { end: true };
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

describe('parseWebhook never throws', () => {
  const hostile: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['an empty array', []],
    ['a string', 'x'],
    ['a number', 42],
    ['true', true],
    ['entry: 5', { object: 'whatsapp_business_account', entry: 5 }],
    ['entry: [null, 1, "x", []]', { object: 'whatsapp_business_account', entry: [null, 1, 'x', []] }],
    ['changes: {}', { object: 'whatsapp_business_account', entry: [{ changes: {} }] }],
    [
      'changes with junk',
      {
        object: 'whatsapp_business_account',
        entry: [{ changes: [null, 7, { field: 5 }, { field: 'messages' }, { field: 'messages', value: [] }] }],
      },
    ],
    ['messages: "x"', envelope({ messages: 'x', statuses: 3, contacts: 'y', errors: {} })],
    ['messages of junk', envelope({ messages: [null, 1, 'a', [], {}, { id: {} }, { id: '' }] })],
    ['deep nesting as the body', deep(10_000)],
    ['deep nesting inside a message', inbound({ type: 'text', text: deep(10_000), context: deep(10_000), referral: deep(10_000) })],
    [
      'deep nesting as a value',
      { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: deep(10_000) }] }] },
    ],
    ['NUL bytes', inbound({ type: 'text\u0000', text: { body: 'a\u0000b' }, id: '\u0000' })],
    ['wrong object', { object: 'page', entry: [] }],
    [
      'prototype keys',
      JSON.parse(
        '{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"__proto__":{"messages":[1]},"constructor":{}}}]}]}',
      ),
    ],
    ['a Map', new Map([['object', 'whatsapp_business_account']])],
    [
      'a throwing getter',
      Object.defineProperty({ object: 'whatsapp_business_account' }, 'entry', {
        enumerable: true,
        get: () => {
          throw new Error('boom');
        },
      }),
    ],
  ];

  it.each(hostile)('%s', (_name, body) => {
    const parsed = parseWebhook(body);
    expect(Array.isArray(parsed.items)).toBe(true);
    expect(Array.isArray(parsed.problems)).toBe(true);
  });

  it('a message missing its id is a problem, not an item; its neighbours survive', () => {
    const parsed = parseWebhook(
      envelope({
        messages: [
          { from: '1', timestamp: '1', type: 'text', text: { body: 'no id' } },
          { from: '1', id: 'wamid.OK', timestamp: '1', type: 'text', text: { body: 'fine' } },
        ],
      }),
    );
    expect(parsed.items).toHaveLength(1);
    expect(parsed.problems).toEqual(['entry[0].changes[0].value.messages[0]: message without an id skipped']);
  });

  it('strips NUL bytes and lone surrogates from extracted text', () => {
    const parsed = parseWebhook(inbound({ type: 'text', text: { body: 'a\u0000b\ud83d' } }));
    const item = parsed.items[0];
    expect(item?.kind === 'message' && item.message.text).toBe('ab\ufffd');
  });

  it('caps problem notes on huge junk arrays', () => {
    const parsed = parseWebhook(envelope({ messages: Array.from({ length: 5000 }, () => null) }));
    expect(parsed.problems).toHaveLength(101);
    expect(parsed.problems.at(-1)).toBe('… and 4900 more problems');
  });

  it('ignores another product’s object', () => {
    const parsed = parseWebhook({ object: 'page', entry: [{ changes: [{ field: 'messages', value: {} }] }] });
    expect(parsed).toMatchObject({ object: 'page', items: [] });
  });
});
