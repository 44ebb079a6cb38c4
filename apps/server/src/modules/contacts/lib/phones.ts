import {
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';

export type { CountryCode };

export type PhoneRejection = 'empty' | 'invalid' | 'scientific_notation' | 'too_long' | 'not_a_number';
export type NormalizedPhone = { ok: true; e164: string; isMobile: boolean; country?: string } | { ok: false; reason: PhoneRejection };

/** Longest input we try to read; a phone number with spaces, brackets and an extension fits well within it. */
export const PHONE_MAX_CHARS = 64;

// Excel turns long digit strings into numbers and shows them as 3.93471E+11, losing digits: ask for the column
// to be formatted as text rather than guess the number.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?\s*e\s*[+-]?\d+$/i;

/**
 * Reads a phone number as typed or imported, with the workspace's default country for numbers written without a
 * country code. Strict: the input must be the number alone (separators, brackets and an extension are fine), since
 * a guess from surrounding text could attach the wrong number to a contact. Valid means valid for the number plan,
 * not merely of a possible length.
 *
 * `isMobile` is true for MOBILE and also for FIXED_LINE_OR_MOBILE: some plans (US, Canada…) do not tell the two
 * apart, and treating those numbers as landlines would shut out every North American customer from WhatsApp.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode): NormalizedPhone {
  // Copying a number from WhatsApp or a web page brings invisible direction marks along.
  const text = (typeof input === 'string' ? input : '').replace(/\p{Cf}/gu, '').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > PHONE_MAX_CHARS) return { ok: false, reason: 'too_long' };
  if (SCIENTIFIC.test(text)) return { ok: false, reason: 'scientific_notation' };
  if (!/\p{Nd}/u.test(text)) return { ok: false, reason: 'not_a_number' };

  let result = parse(withoutTrunkZero(text), defaultCountry);
  // "00" is the international prefix almost everywhere, but libphonenumber only honours the default country's
  // own prefix (the US dials 011): read a number that is invalid as written once more as if "00" were "+".
  if (!result.ok && /^00[1-9]/.test(text)) {
    const retried = parse(withoutTrunkZero(`+${text.slice(2)}`), defaultCountry);
    if (retried.ok) result = retried;
  }
  return result;
}

// "+44 (0)20 7946 0958": the bracketed trunk zero is for dialling at home and must not follow a country code.
const withoutTrunkZero = (text: string) => (/^(?:\+|00)/.test(text) ? text.replace(/\(\s*0\s*\)/g, '') : text);

function parse(text: string, defaultCountry: CountryCode): NormalizedPhone {
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(text, { defaultCountry, extract: false });
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    if (error.message === 'NOT_A_NUMBER') return { ok: false, reason: 'not_a_number' };
    return { ok: false, reason: error.message === 'TOO_LONG' ? 'too_long' : 'invalid' };
  }
  if (!phone.isValid()) {
    const tooLong = validatePhoneNumberLength(phone.number, defaultCountry) === 'TOO_LONG';
    return { ok: false, reason: tooLong ? 'too_long' : 'invalid' };
  }
  const type = phone.getType();
  return {
    ok: true,
    e164: phone.number,
    isMobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE',
    ...(phone.country ? { country: phone.country } : {}),
  };
}

/**
 * A WhatsApp id (`wa_id`) is the number's digits without "+". Throws a RangeError for anything else (an empty
 * value, letters, more than 15 digits), which is not a phone number and must not become one.
 */
export function waIdToE164(waId: string): string {
  const digits = waId.trim().replace(/^\+/, '');
  if (!/^[1-9]\d{0,14}$/.test(digits)) throw new RangeError(`not a WhatsApp phone id: ${JSON.stringify(waId.slice(0, 32))}`);
  return `+${digits}`;
}

// Brazil: 55, a two-digit area code (DDD, no zero), then a mobile number. Mobile numbers gained a leading 9 between
// 2012 and 2016 (8 digits → 9). Before that they began with 6-9, and with 5 in parts of São Paulo; landlines begin
// with 2-5 and were never changed, so only 8-digit numbers beginning 5-9 can be legacy mobiles.
const BRAZIL_MOBILE_WITH_NINE = /^55([1-9]{2})9([5-9]\d{7})$/;
const BRAZIL_MOBILE_WITHOUT_NINE = /^55([1-9]{2})([5-9]\d{7})$/;

/**
 * The digit strings under which WhatsApp may identify the same person, to match an inbound `wa_id` with a contact's
 * phone: the number itself, and for Brazilian mobiles the form with and without the 9th digit. Accounts registered
 * before Brazil added the 9 still arrive with a 12-digit `wa_id` (55 + DDD + 8 digits) while the contact's phone
 * is stored with it, and vice versa (Chatwoot works around the same thing in its brazil_phone_normalizer, see
 * chatwoot/chatwoot#5840). Unlike Chatwoot we only add or drop the 9 for numbers in the old mobile range (5-9), never
 * for a landline beginning 2-4. Accepts "+5511987654321", "5511987654321" or a formatted number; returns [] when there are no digits.
 */
export function phoneMatchKeys(e164OrWaId: string): string[] {
  const digits = e164OrWaId.replace(/\D/g, '');
  if (digits === '') return [];
  const keys = [digits];
  const withNine = BRAZIL_MOBILE_WITH_NINE.exec(digits);
  if (withNine) keys.push(`55${withNine[1]}${withNine[2]}`);
  const withoutNine = BRAZIL_MOBILE_WITHOUT_NINE.exec(digits);
  if (withoutNine) keys.push(`55${withoutNine[1]}9${withoutNine[2]}`);
  return keys;
}
