import { describe, expect, it } from 'vitest';
import { classifyTelegramError, redactToken, retryable } from './telegram-errors';

describe('classifyTelegramError', () => {
  it.each([
    [429, 'rate_limit'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [null, 'transient'],
    [403, 'blocked'],
    [400, 'definitive'],
    [401, 'definitive'],
    [404, 'definitive'],
    [409, 'definitive'],
  ] as const)('%s → %s', (code, expected) => {
    expect(classifyTelegramError(code)).toBe(expected);
  });

  it('only rate limits and transient failures are retryable as is', () => {
    expect(['rate_limit', 'transient', 'blocked', 'definitive'].map((c) => retryable(c as never))).toEqual([true, true, false, false]);
  });
});

describe('redactToken', () => {
  const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';

  it('removes the given token and anything shaped like a bot token', () => {
    expect(redactToken(`GET https://api.telegram.org/bot${token}/getMe failed`, token)).toBe(
      'GET https://api.telegram.org/bot<redacted>/getMe failed',
    );
    expect(redactToken('url /bot987654:ABCDEFGHIJKLMNOPQRSTUVWXYZ_-0123/x')).toBe('url /bot<redacted>/x');
  });

  it('leaves ordinary text alone (times, ratios, chat ids)', () => {
    expect(redactToken('at 12:30, chat 987654321, ratio 3:1')).toBe('at 12:30, chat 987654321, ratio 3:1');
  });
});
