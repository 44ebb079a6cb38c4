// One cell of an import file read as the value of a contact field or attribute, or the reason it cannot be.
import type { ContactImportRowError } from '@parley/contracts';
import { cellText, isTimeZone, type CellValue } from '../../../platform/excel';
import { AppError } from '../../../platform/errors';
import { toStored, type AttributeDefinitionRow } from '../attributes';
import { normalizePhone, type CountryCode } from '../lib';

export type Problem = Pick<ContactImportRowError, 'code' | 'message'>;
export type Read<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (message: string, code: Problem['code'] = 'invalid_value'): Read<never> => ({ ok: false, problem: { code, message } });
/** A value quoted in a message, cut so a huge cell does not make a huge error. */
const quote = (v: CellValue) => {
  const t = cellText(v) ?? '';
  return JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);
};

const TEXT_MAX = 200;
const EMAIL_MAX = 254;
const TAG_MAX = 60;
const TAGS_MAX = 20;
// Excel's "General" format shows a number of 12 or more digits as 5.51199E+12: six significant digits. Such text,
// opened again in Excel (a CSV), becomes 5511990000000, a whole number that has lost its last digits.
const SCIENTIFIC_TEXT = /^[+-]?\d+(?:[.,]\d+)?\s*e\s*[+-]?\d+$/i;
const SCIENTIFIC_HELP = 'its last digits are lost: format the column as Text in Excel and type the numbers again';
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;
const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * A phone number in E.164. Numbers without a country code are read in the workspace's default country; a run of
 * digits alone that is not valid there ("5511987654321", as a number cell or exported from another system) is read
 * once more as an international number. A number in scientific notation is refused: its digits are gone.
 */
export function readPhone(value: CellValue, country: CountryCode): Read<string> {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value <= 0) return bad(`${quote(value)} is not a phone number`, 'invalid_phone');
    text = value.toFixed(0);
    // A whole number of 12+ digits with 6 or fewer significant ones: Excel's scientific notation, read back.
    if (text.length >= 12 && text.replace(/0+$/, '').length <= 6) {
      return bad(
        `${text} looks rounded from scientific notation (${value.toExponential(5).toUpperCase()}): ${SCIENTIFIC_HELP}`,
        'scientific_notation',
      );
    }
  } else if (typeof value === 'string') {
    text = value;
    if (SCIENTIFIC_TEXT.test(text.trim()))
      return bad(`${quote(value)} is in scientific notation: ${SCIENTIFIC_HELP}`, 'scientific_notation');
  } else {
    return bad(`${quote(value)} is not a phone number`, 'invalid_phone');
  }
  let phone = normalizePhone(text, country);
  if (!phone.ok && /^\d{8,15}$/.test(text.trim())) {
    const international = normalizePhone(`+${text.trim()}`, country);
    if (international.ok) phone = international;
  }
  if (phone.ok) return ok(phone.e164);
  const why =
    phone.reason === 'too_long'
      ? 'is too long for a phone number'
      : phone.reason === 'not_a_number'
        ? 'is not a phone number'
        : `is not a valid phone number (numbers without a +country code are read as ${country})`;
  return bad(`${quote(value)} ${why}`, 'invalid_phone');
}

export function readEmail(value: CellValue): Read<string> {
  const t = (cellText(value) ?? '').trim();
  if (t.length > EMAIL_MAX || !EMAIL.test(t)) return bad(`${quote(value)} is not an email address`, 'invalid_email');
  return ok(t);
}

export function readText(value: CellValue, max = TEXT_MAX): Read<string> {
  const t = (cellText(value) ?? '').replaceAll('\u0000', '').trim();
  // Length in characters (an emoji is one), counted only when it could matter.
  if (t.length > max && (t.length > max * 2 || [...t].length > max)) return bad(`is longer than ${max} characters`);
  return ok(t);
}

export function readLanguage(value: CellValue): Read<string> {
  const t = (cellText(value) ?? '').trim();
  try {
    if (t.length > 35) throw new RangeError('too long');
    const [tag] = Intl.getCanonicalLocales(t.replace('_', '-'));
    if (tag) return ok(tag);
  } catch {
    // fall through to the message
  }
  return bad(`${quote(value)} is not a language tag such as en or pt-BR`);
}

export function readTimezone(value: CellValue): Read<string> {
  const t = (cellText(value) ?? '').trim();
  return t.length <= 64 && isTimeZone(t) ? ok(t) : bad(`${quote(value)} is not a time zone such as America/Sao_Paulo`);
}

export function readCountry(value: CellValue): Read<string> {
  const t = (cellText(value) ?? '').trim().slice(0, 3).toUpperCase();
  const known = /^[A-Z]{2}$/.test(t) && ![t, 'Unknown Region'].includes(regions.of(t) ?? t);
  return known ? ok(t) : bad(`${quote(value)} is not a two-letter country code such as BR`);
}

/** Tags separated by commas or semicolons; they are added to the contact's tags, never replace them. */
export function readTags(value: CellValue): Read<string[]> {
  const tags = [
    ...new Set(
      (cellText(value) ?? '')
        .split(/[,;]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (tags.some((t) => [...t].length > TAG_MAX)) return bad(`a tag is longer than ${TAG_MAX} characters`);
  if (tags.length > TAGS_MAX) return bad(`has more than ${TAGS_MAX} tags`);
  return ok(tags);
}

type Definition = Pick<AttributeDefinitionRow, 'type' | 'options' | 'label'>;
export type StoredAttribute = ReturnType<typeof toStored>;

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'sim', 's', 'si', 'sí', '1', 'x', 'verdadeiro', 'verdadero', 'vero']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'nao', 'não', '0', 'falso']);

/** A custom attribute's value from a cell, checked as the API checks it (attributes.ts toStored). */
export function readAttribute(def: Definition, value: CellValue): Read<StoredAttribute> {
  const typed = typedValue(def, value);
  if (!typed.ok) return typed;
  try {
    return ok(toStored(def, typed.value, 'value'));
  } catch (err) {
    if (err instanceof AppError) return bad(err.details.issues?.[0]?.message ?? err.message);
    throw err;
  }
}

function typedValue(def: Definition, value: CellValue): Read<unknown> {
  const text = (cellText(value) ?? '').trim();
  switch (def.type) {
    case 'number': {
      if (typeof value === 'number') return ok(value);
      if (/^[+-]?\d+(\.\d+)?$/.test(text)) return ok(Number(text));
      // A decimal comma ("4,5"), as many countries write it; a thousands separator is not guessed.
      if (/^[+-]?\d+,\d+$/.test(text)) return ok(Number(text.replace(',', '.')));
      return bad(`${quote(value)} is not a number`);
    }
    case 'date':
      if (value instanceof Date) return ok(value.toISOString().slice(0, 10));
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return ok(text);
      return bad(`${quote(value)} is not a date: use a date cell, or text as YYYY-MM-DD`);
    case 'boolean': {
      if (typeof value === 'boolean') return ok(value);
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return ok(true);
      if (FALSE_WORDS.has(word)) return ok(false);
      return bad(`${quote(value)} is not yes or no`);
    }
    case 'list': {
      // The option as the attribute spells it, whatever the case in the file.
      const option = (def.options ?? []).find((o) => o.toLowerCase() === text.toLowerCase());
      return option ? ok(option) : bad(`${quote(value)} is not one of: ${(def.options ?? []).join(', ')}`);
    }
    default:
      return ok(text);
  }
}
