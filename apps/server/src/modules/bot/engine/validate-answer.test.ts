import { describe, expect, it } from 'vitest';
import { botConfigSchema, type BotQuestion, type QuestionType } from './config';
import {
  matchListOption,
  parseBoolean,
  parseDate,
  parseEmail,
  parseNumber,
  parsePhone,
  parseText,
  parseUrl,
  questionReplyId,
  validateAnswer,
} from './validate-answer';

const ok = (value: string | number | boolean) => ({ ok: true, value });
const invalid = { ok: false };

function question(type: QuestionType, options?: string[]): BotQuestion {
  return botConfigSchema.parse({ questions: [{ id: 'q1', attributeKey: 'k', prompt: 'Q?', type, options }] }).questions[0]!;
}

describe('text', () => {
  it('accepts 1..500 characters, trimmed', () => {
    expect(parseText('  Mario Rossi ')).toEqual(ok('Mario Rossi'));
    expect(parseText('x'.repeat(500))).toEqual(ok('x'.repeat(500)));
    expect(parseText('😀'.repeat(500))).toEqual(ok('😀'.repeat(500)));
    expect(parseText('x'.repeat(501))).toEqual(invalid);
    expect(parseText('   ')).toEqual(invalid);
  });
});

describe('number', () => {
  it.each([
    ['1.5', 1.5],
    ['1,5', 1.5],
    ['42', 42],
    [' -3 ', -3],
    ['+7', 7],
    ['0,25', 0.25],
  ])('"%s" → %s', (t, n) => expect(parseNumber(t)).toEqual(ok(n)));

  it.each(['', 'abc', '1.5.2', '1,500.25', '1 000', '12abc', 'Infinity', 'NaN', '0x10', '1e5', '.5'])('"%s" is not a number', (t) =>
    expect(parseNumber(t)).toEqual(invalid),
  );
});

describe('date', () => {
  it.each([
    ['2026-03-14', '2026-03-14'],
    ['2026-3-4', '2026-03-04'],
    ['14/03/2026', '2026-03-14'],
    ['4/3/2026', '2026-03-04'],
    ['14.03.2026', '2026-03-14'],
    ['14-03-2026', '2026-03-14'],
    ['29/02/2024', '2024-02-29'],
  ])('"%s" → %s', (t, d) => expect(parseDate(t)).toEqual(ok(d)));

  it.each(['2026-02-30', '31/04/2026', '29/02/2026', '14/13/2026', '03/14/26', '14/03-2026', 'tomorrow', '', '0999-01-01', '2026/03/14'])(
    '"%s" is not a date',
    (t) => expect(parseDate(t)).toEqual(invalid),
  );
});

describe('boolean', () => {
  it.each(['yes', 'YES!', 'y', 'si', 'sì', 'Sí', 'sim', 'oui', 'ja', 'true', '1', 'yes please'])('"%s" → true', (t) =>
    expect(parseBoolean(t)).toEqual(ok(true)),
  );
  it.each(['no', 'No.', 'n', 'não', 'nao', 'non', 'nein', 'false', '0', 'no thanks'])('"%s" → false', (t) =>
    expect(parseBoolean(t)).toEqual(ok(false)),
  );
  it.each(['maybe', '', 'yes but only on monday afternoons', 'perhaps yes'])('"%s" is neither', (t) =>
    expect(parseBoolean(t)).toEqual(invalid),
  );
});

describe('list', () => {
  const options = ['Small', 'Medium', 'Large', 'Extra large'];

  it('takes the tapped option, its number, its label in any case, or a label with a typo', () => {
    expect(matchListOption(options, 'whatever', 'Large')).toEqual(ok('Large'));
    expect(matchListOption(options, '2')).toEqual(ok('Medium'));
    expect(matchListOption(options, '2.')).toEqual(ok('Medium'));
    expect(matchListOption(options, 'EXTRA LARGE')).toEqual(ok('Extra large'));
    expect(matchListOption(options, 'medum')).toEqual(ok('Medium'));
    expect(matchListOption(options, 'large please')).toEqual(ok('Large'));
    expect(matchListOption(options, 'extra larg')).toEqual(ok('Extra large'));
  });

  it('rejects other answers, numbers out of range and an option that was not offered', () => {
    expect(matchListOption(options, '5')).toEqual(invalid);
    expect(matchListOption(options, '0')).toEqual(invalid);
    expect(matchListOption(options, 'purple')).toEqual(invalid);
    expect(matchListOption(options, '')).toEqual(invalid);
    expect(matchListOption(['Small', 'Medium', 'Large'], 'extra large')).toEqual(invalid);
    expect(matchListOption(options, 'x', 'Huge')).toEqual(invalid);
  });

  it('reads the tap of this question only', () => {
    const q = question('list', ['Red', 'Blue']);
    expect(validateAnswer(q, 'Blue', questionReplyId('q1', 'Blue'))).toEqual(ok('Blue'));
    expect(validateAnswer(q, '', questionReplyId('other', 'Blue'))).toEqual(invalid);
  });
});

describe('url', () => {
  it.each([
    ['https://example.com/shop?x=1', 'https://example.com/shop?x=1'],
    ['http://Example.com', 'http://example.com/'],
    ['www.example.com', 'https://www.example.com/'],
    ['example.it/page', 'https://example.it/page'],
  ])('"%s" → %s', (t, u) => expect(parseUrl(t)).toEqual(ok(u)));

  it.each([
    'ftp://example.com',
    'javascript:alert(1)',
    'mailto:a@b.com',
    'https://localhost',
    'hello',
    'https://exa mple.com',
    '',
    'http://',
    'file:///etc/passwd',
  ])('"%s" is not an http(s) address', (t) => expect(parseUrl(t)).toEqual(invalid));
});

describe('email', () => {
  it.each([
    ['me@example.com', 'me@example.com'],
    [' Mario.Rossi+shop@Example.IT ', 'Mario.Rossi+shop@example.it'],
    ['a@b.co', 'a@b.co'],
  ])('"%s" → %s', (t, e) => expect(parseEmail(t)).toEqual(ok(e)));

  it.each([
    'me@example',
    'me@@example.com',
    'me example@x.com',
    '@example.com',
    'me@.com',
    '.me@example.com',
    'a..b@example.com',
    'Mario <m@x.com>',
    '',
  ])('"%s" is not an address', (t) => expect(parseEmail(t)).toEqual(invalid));
});

describe('phone', () => {
  it.each([
    ['+39 347 123 4567', '+393471234567'],
    ['3471234567', '3471234567'],
    ['+1 (415) 555-0132', '+14155550132'],
    ['1234567', '1234567'],
    ['+123456789012345', '+123456789012345'],
  ])('"%s" → %s', (t, p) => expect(parsePhone(t)).toEqual(ok(p)));

  it.each(['123456', '+1234567890123456', '347-abc-4567', '++39 347 1234567', '39+3471234567', 'call me', ''])(
    '"%s" is not a phone number',
    (t) => expect(parsePhone(t)).toEqual(invalid),
  );
});

describe('validateAnswer dispatches on the question type', () => {
  it.each<[QuestionType, string, unknown]>([
    ['text', 'hello', ok('hello')],
    ['number', '3,5', ok(3.5)],
    ['date', '01/02/2000', ok('2000-02-01')],
    ['boolean', 'sì', ok(true)],
    ['url', 'www.acme.com', ok('https://www.acme.com/')],
    ['email', 'a@acme.com', ok('a@acme.com')],
    ['phone', '+39 06 1234567', ok('+39061234567')],
    ['number', 'three', invalid],
    ['email', 'a@', invalid],
  ])('%s: "%s"', (type, t, expected) => {
    expect(validateAnswer(question(type, type === 'list' ? ['A'] : undefined), t)).toEqual(expected);
  });
});
