import { describe, expect, it } from 'vitest';
import { answerHandshake } from './verify-handshake';

const TOKEN = 'my-verify-token';
const q = (over: Record<string, unknown> = {}) => ({
  'hub.mode': 'subscribe',
  'hub.verify_token': TOKEN,
  'hub.challenge': '1158201444',
  ...over,
});

describe('answerHandshake', () => {
  it('echoes the challenge exactly', () => {
    expect(answerHandshake(q(), TOKEN)).toEqual({ status: 200, body: '1158201444' });
  });

  it('treats the challenge as an opaque string', () => {
    expect(answerHandshake(q({ 'hub.challenge': 'abc-007 ÿ' }), TOKEN)).toEqual({ status: 200, body: 'abc-007 ÿ' });
    expect(answerHandshake(q({ 'hub.challenge': '00123' }), TOKEN)).toEqual({ status: 200, body: '00123' });
  });

  it.each([
    ['a wrong token', q({ 'hub.verify_token': 'nope' })],
    ['a token prefix', q({ 'hub.verify_token': TOKEN.slice(0, -1) })],
    ['a missing token', q({ 'hub.verify_token': undefined })],
    ['another mode', q({ 'hub.mode': 'unsubscribe' })],
    ['a missing challenge', q({ 'hub.challenge': undefined })],
    ['a repeated parameter', q({ 'hub.verify_token': [TOKEN, TOKEN] })],
    ['an empty query', {}],
  ])('refuses %s with 403', (_name, query) => {
    expect(answerHandshake(query, TOKEN)).toEqual({ status: 403 });
  });

  it('refuses everything when no token is configured', () => {
    expect(answerHandshake(q({ 'hub.verify_token': '' }), '')).toEqual({ status: 403 });
  });
});
