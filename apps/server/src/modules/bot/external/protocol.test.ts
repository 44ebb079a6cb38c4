import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_REPLIES, parseAnswer } from './protocol';
import { signBody, verifyBody } from './signature';

describe('signature', () => {
  it('is HMAC-SHA256 over "<timestamp>.<raw body>", as an independent implementation computes it', () => {
    const body = '{"event":"message","id":"x","text":"héllo 👋"}';
    const independent = createHmac('sha256', 'shared-secret-0123456789').update(`1700000000.${body}`, 'utf8').digest('hex');
    expect(signBody('shared-secret-0123456789', '1700000000', body)).toBe(`sha256=${independent}`);
  });

  it('does not verify with another secret, timestamp or body', () => {
    const sig = signBody('secret-one-0123456789', '1700000000', '{}');
    expect(verifyBody('secret-one-0123456789', '1700000000', '{}', sig)).toBe(true);
    expect(verifyBody('secret-two-0123456789', '1700000000', '{}', sig)).toBe(false);
    expect(verifyBody('secret-one-0123456789', '1700000001', '{}', sig)).toBe(false);
    expect(verifyBody('secret-one-0123456789', '1700000000', '{ }', sig)).toBe(false);
    expect(verifyBody('secret-one-0123456789', '1700000000', '{}', 'sha256=00')).toBe(false);
  });
});

describe('parseAnswer', () => {
  it('accepts replies, buttons and every action', () => {
    const r = parseAnswer(
      JSON.stringify({
        replies: [
          { type: 'text', text: 'Hi' },
          { type: 'buttons', text: 'Pick', buttons: [{ id: 'a', title: 'A' }] },
        ],
        actions: [
          { type: 'set_attribute', key: 'city', value: 'Rome' },
          { type: 'goal', name: 'lead' },
          { type: 'handoff', skillsetId: '6f1c1b8e-0a43-4d7e-9a3e-2b1c9d0e8f7a' },
        ],
      }),
    );
    expect(r.ok).toBe(true);
    expect(parseAnswer('').ok).toBe(true);
    expect(parseAnswer('{}').ok).toBe(true);
  });

  it.each([
    ['not JSON', 'Hello there', 'the answer is not JSON'],
    ['an unknown action', { actions: [{ type: 'transfer_money' }] }, 'actions.0'],
    ['an unknown key', { replies: [], mood: 'happy' }, '(root)'],
    ['too many replies', { replies: Array.from({ length: MAX_REPLIES + 1 }, () => ({ type: 'text', text: 'x' })) }, 'replies'],
    [
      'four buttons',
      { replies: [{ type: 'buttons', text: 'x', buttons: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })) }] },
      'replies.0.buttons',
    ],
    [
      'a button title over 20',
      { replies: [{ type: 'buttons', text: 'x', buttons: [{ id: 'a', title: 'x'.repeat(21) }] }] },
      'replies.0.buttons.0.title',
    ],
    [
      'duplicate button ids',
      {
        replies: [
          {
            type: 'buttons',
            text: 'x',
            buttons: [
              { id: 'a', title: 'A' },
              { id: 'a', title: 'B' },
            ],
          },
        ],
      },
      'buttons',
    ],
    ['an empty text', { replies: [{ type: 'text', text: ' ' }] }, 'replies.0.text'],
    ['a handoff and a close', { actions: [{ type: 'handoff' }, { type: 'close' }] }, 'actions'],
    ['a bad attribute key', { actions: [{ type: 'set_attribute', key: 'Bad Key', value: 1 }] }, 'actions.0.key'],
    ['a non-uuid skillset', { actions: [{ type: 'handoff', skillsetId: 'sales' }] }, 'actions.0.skillsetId'],
    ['an array', [], '(root)'],
  ])('refuses %s, naming where', (_what, body, where) => {
    const r = parseAnswer(typeof body === 'string' ? body : JSON.stringify(body));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(where);
  });
});
