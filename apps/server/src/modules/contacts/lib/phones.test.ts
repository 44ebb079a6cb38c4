import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneMatchKeys, waIdToE164 } from './phones';

describe('normalizePhone', () => {
  it('reads Italian numbers in their usual forms', () => {
    const mobile = { ok: true, e164: '+393471234567', isMobile: true, country: 'IT' };
    expect(normalizePhone('+39 347 123 4567', 'IT')).toEqual(mobile);
    expect(normalizePhone('00393471234567', 'IT')).toEqual(mobile);
    expect(normalizePhone('347-1234567', 'IT')).toEqual(mobile);
    expect(normalizePhone('393471234567', 'IT')).toEqual(mobile); // "+" lost in a spreadsheet
    expect(normalizePhone('\u202a+39 347 123 4567\u202c', 'IT')).toEqual(mobile); // copied from WhatsApp
    expect(normalizePhone('06 1234 5678', 'IT')).toEqual({ ok: true, e164: '+390612345678', isMobile: false, country: 'IT' });
  });

  it('reads "00" as the international prefix even where the default country dials another', () => {
    expect(normalizePhone('00393471234567', 'US')).toMatchObject({ ok: true, e164: '+393471234567', country: 'IT' });
  });

  it('reads US numbers, which are fixed line or mobile, as mobile', () => {
    expect(normalizePhone('(415) 555-2671', 'US')).toEqual({ ok: true, e164: '+14155552671', isMobile: true, country: 'US' });
    expect(normalizePhone('+1 415 555 2671', 'IT')).toMatchObject({ ok: true, e164: '+14155552671', country: 'US' });
  });

  it('reads UK mobiles and landlines, with the bracketed trunk zero', () => {
    expect(normalizePhone('07400 123456', 'GB')).toEqual({ ok: true, e164: '+447400123456', isMobile: true, country: 'GB' });
    expect(normalizePhone('+44 (0)20 7946 0958', 'IT')).toEqual({ ok: true, e164: '+442079460958', isMobile: false, country: 'GB' });
  });

  it('reads Brazilian mobiles', () => {
    expect(normalizePhone('(11) 98765-4321', 'BR')).toEqual({ ok: true, e164: '+5511987654321', isMobile: true, country: 'BR' });
  });

  it('omits the country for non-geographic numbers', () => {
    const result = normalizePhone('+800 1234 5678', 'IT');
    expect(result).toEqual({ ok: true, e164: '+80012345678', isMobile: false });
  });

  it('rejects empty input', () => {
    for (const input of ['', '   ', '\u200e'])
      expect(normalizePhone(input, 'IT'), JSON.stringify(input)).toEqual({ ok: false, reason: 'empty' });
  });

  it('rejects Excel scientific notation', () => {
    for (const input of ['3.93471E+11', '3,93E+11', '3.93471e11', ' 3.9347E+011 ', '3E+11']) {
      expect(normalizePhone(input, 'IT'), input).toEqual({ ok: false, reason: 'scientific_notation' });
    }
  });

  it('rejects text that is not a number', () => {
    for (const input of ['abc', 'n/a', '-', 'call me maybe', 'Tel: +39 347 1234567']) {
      expect(normalizePhone(input, 'IT'), input).toEqual({ ok: false, reason: 'not_a_number' });
    }
  });

  it('rejects numbers that are too long, and long garbage', () => {
    expect(normalizePhone('+39 347 123 4567 8901', 'IT')).toEqual({ ok: false, reason: 'too_long' });
    expect(normalizePhone('12345678901234567890123', 'IT')).toEqual({ ok: false, reason: 'too_long' });
    expect(normalizePhone('9'.repeat(100_000), 'IT')).toEqual({ ok: false, reason: 'too_long' });
    expect(normalizePhone('x1'.repeat(5_000), 'IT')).toEqual({ ok: false, reason: 'too_long' });
  });

  it('rejects invalid numbers', () => {
    for (const [input, country] of [
      ['123', 'IT'],
      ['+39 123', 'IT'],
      ['555-0000', 'US'],
      ['+55 11 8765-4321', 'BR'], // a legacy Brazilian mobile without its 9th digit is no longer a valid number
      ['+999 1234 5678', 'IT'],
    ] as const) {
      expect(normalizePhone(input, country), input).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});

describe('waIdToE164', () => {
  it('prefixes the digits with "+"', () => {
    expect(waIdToE164('393471234567')).toBe('+393471234567');
    expect(waIdToE164('5511987654321')).toBe('+5511987654321');
    expect(waIdToE164('+14155552671')).toBe('+14155552671');
  });

  it('refuses what is not a phone id', () => {
    for (const waId of ['', 'abc', '39 347 1234567', '0393471234567', '1234567890123456']) {
      expect(() => waIdToE164(waId), waId).toThrow(RangeError);
    }
  });
});

describe('phoneMatchKeys', () => {
  it('is the number itself outside Brazil', () => {
    expect(phoneMatchKeys('+393471234567')).toEqual(['393471234567']);
    expect(phoneMatchKeys('14155552671')).toEqual(['14155552671']);
    expect(phoneMatchKeys('+447400123456')).toEqual(['447400123456']);
  });

  it('matches a Brazilian mobile with and without its 9th digit, both ways', () => {
    expect(phoneMatchKeys('+5511987654321')).toEqual(['5511987654321', '551187654321']);
    expect(phoneMatchKeys('551187654321')).toEqual(['551187654321', '5511987654321']);
    // A wa_id without the 9 finds the contact whose phone has it, and vice versa.
    const phone = normalizePhone('(11) 98765-4321', 'BR');
    if (!phone.ok) throw new Error('expected a valid number');
    expect(phoneMatchKeys(phone.e164)).toContain('551187654321');
    expect(phoneMatchKeys(waIdToE164('551187654321'))).toContain(phone.e164.slice(1));
    expect(phoneMatchKeys('+55 21 99876-5432')).toEqual(['5521998765432', '552198765432']);
  });

  it('leaves Brazilian landlines and numbers that were never 8-digit mobiles alone', () => {
    expect(phoneMatchKeys('551132345678')).toEqual(['551132345678']); // São Paulo landline
    expect(phoneMatchKeys('5511912345678')).toEqual(['5511912345678']); // 9 + 1…: no legacy form
    expect(phoneMatchKeys('5501987654321')).toEqual(['5501987654321']); // no area code starts with 0
  });

  it('returns nothing without digits', () => {
    expect(phoneMatchKeys('')).toEqual([]);
    expect(phoneMatchKeys('+')).toEqual([]);
  });
});
