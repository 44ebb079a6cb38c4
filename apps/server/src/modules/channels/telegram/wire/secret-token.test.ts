import { describe, expect, it } from 'vitest';
import { SECRET_TOKEN_HEADER, verifySecretToken } from './secret-token';

const SECRET = 'Parley_secret-token-0123456789';

describe('verifySecretToken', () => {
  it('accepts exactly the expected secret', () => {
    expect(verifySecretToken(SECRET, SECRET)).toBe(true);
    expect(SECRET_TOKEN_HEADER).toBe('x-telegram-bot-api-secret-token');
  });

  it('accepts secrets at both length limits (1 and 256 characters)', () => {
    expect(verifySecretToken('a', 'a')).toBe(true);
    const long = 'A'.repeat(256);
    expect(verifySecretToken(long, long)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['another secret', 'Parley_secret-token-0123456780'],
    ['a prefix of it', SECRET.slice(0, -1)],
    ['it plus a character', `${SECRET}x`],
    ['different case', SECRET.toUpperCase()],
    ['padded with spaces', ` ${SECRET} `],
    ['repeated header (array)', [SECRET, SECRET]],
    ['with a NUL byte', `${SECRET}\u0000`],
  ])('rejects a header that is %s', (_name, header) => {
    expect(verifySecretToken(header as string | string[] | null | undefined, SECRET)).toBe(false);
  });

  it('refuses everything when the expected secret is empty or not a valid setWebhook secret', () => {
    expect(verifySecretToken('', '')).toBe(false);
    expect(verifySecretToken('has space', 'has space')).toBe(false);
    expect(verifySecretToken('ç', 'ç')).toBe(false);
    const tooLong = 'A'.repeat(257);
    expect(verifySecretToken(tooLong, tooLong)).toBe(false);
    expect(verifySecretToken('x', undefined as unknown as string)).toBe(false);
  });

  it('handles a huge header without trouble', () => {
    expect(verifySecretToken('x'.repeat(1_000_000), SECRET)).toBe(false);
  });
});
