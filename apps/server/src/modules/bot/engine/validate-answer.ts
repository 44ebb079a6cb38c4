// Reading a customer's answer to a bot question into the attribute's value. Lenient about how people type
// ("1,5", "12/03/1990", "Sì", "+39 347 123 4567") and strict about what is stored (a number, YYYY-MM-DD, a
// boolean, the option exactly as configured, a URL with its scheme, digits of a phone number).
import type { BotQuestion } from './config';
import { normalize, phraseSimilarity, tokenize } from './fuzzy';

export type AnswerValue = string | number | boolean;
export type AnswerResult = { ok: true; value: AnswerValue } | { ok: false };

/** A free-text answer: 1..500 characters once trimmed. */
export const MAX_TEXT_ANSWER = 500;
/** How close a typed answer must be to an option's label to count as that option (see fuzzy.ts). */
export const LIST_OPTION_THRESHOLD = 0.75;

const ok = (value: AnswerValue): AnswerResult => ({ ok: true, value });
const invalid: AnswerResult = { ok: false };

/** The interactive reply id of a list question's option, so a tap answers the question it was sent for. */
export function questionReplyId(questionId: string, option: string): string {
  return `q:${questionId}:${option}`;
}

export function validateAnswer(question: BotQuestion, text: string, interactiveId?: string): AnswerResult {
  switch (question.type) {
    case 'text':
      return parseText(text);
    case 'number':
      return parseNumber(text);
    case 'date':
      return parseDate(text);
    case 'boolean':
      return parseBoolean(text);
    case 'list':
      return matchListOption(
        question.options ?? [],
        text,
        interactiveId?.startsWith(`q:${question.id}:`) ? interactiveId.slice(question.id.length + 3) : undefined,
      );
    case 'url':
      return parseUrl(text);
    case 'email':
      return parseEmail(text);
    case 'phone':
      return parsePhone(text);
  }
}

export function parseText(text: string): AnswerResult {
  const t = text.trim();
  const n = [...t].length;
  return n >= 1 && n <= MAX_TEXT_ANSWER ? ok(t) : invalid;
}

/** "1.5", "1,5", "-3", "+7": one optional decimal separator, either a point or a comma, no thousands separators. */
export function parseNumber(text: string): AnswerResult {
  const t = text.trim();
  if (!/^[+-]?\d{1,15}(?:[.,]\d{1,15})?$/.test(t)) return invalid;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? ok(n) : invalid;
}

/** YYYY-MM-DD, or day first as most of the world writes it: DD/MM/YYYY (also with "." or "-", one-digit parts). */
export function parseDate(text: string): AnswerResult {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t))) [d, m, y] = [Number(match[1]), Number(match[3]), Number(match[4])];
  else return invalid;
  if (y < 1000) return invalid;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return invalid;
  return ok(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

// After normalisation, so "Sì", "SIM!" and "não" are found too.
const YES = new Set(['yes', 'y', 'yeah', 'yep', 'si', 'sim', 'oui', 'ja', 'true', '1']);
const NO = new Set(['no', 'n', 'nope', 'nao', 'non', 'nein', 'false', '0']);

/** Yes or no in the usual languages; "yes please" and "no thanks" too (the first of at most three words decides). */
export function parseBoolean(text: string): AnswerResult {
  const words = tokenize(normalize(text));
  if (words.length === 0 || words.length > 3) return invalid;
  const first = words[0]!;
  if (YES.has(first)) return ok(true);
  if (NO.has(first)) return ok(false);
  return invalid;
}

/**
 * The option exactly as configured: the tapped button/row, its number in the numbered list ("2"), its label in
 * any case or accents, or the closest label at LIST_OPTION_THRESHOLD or above, compared both ways so that neither
 * side says much more than the other (first option on a tie).
 */
export function matchListOption(options: readonly string[], text: string, tappedOption?: string): AnswerResult {
  if (tappedOption !== undefined && options.includes(tappedOption)) return ok(tappedOption);
  const typed = normalize(text);
  if (typed === '') return invalid;
  if (/^\d+$/.test(typed)) {
    const chosen = options[Number(typed) - 1];
    if (chosen !== undefined) return ok(chosen);
  }
  const exact = options.find((o) => normalize(o) === typed);
  if (exact !== undefined) return ok(exact);
  let best: string | undefined;
  let bestScore = LIST_OPTION_THRESHOLD;
  for (const o of options) {
    // Both ways: "large please" is Large, but "extra large" is not (the answer says more than the option).
    const s = Math.min(phraseSimilarity(typed, o), phraseSimilarity(o, typed));
    if (s >= bestScore && (best === undefined || s > bestScore)) [best, bestScore] = [o, s];
  }
  return best === undefined ? invalid : ok(best);
}

/** http or https only (no javascript:, ftp:, mailto:); "www.example.com" without a scheme is taken as https. */
export function parseUrl(text: string): AnswerResult {
  let t = text.trim();
  if (t === '' || t.length > 2048 || /\s/.test(t)) return invalid;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(t)) {
    if (!/^[^/?#:@]+\.[a-z]{2,}(?:[:/?#]|$)/i.test(t)) return invalid;
    t = `https://${t}`;
  }
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return invalid;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid;
  // A public address has a dot in its host name ("localhost" and "intranet" are not answers a customer gives).
  if (!url.hostname.includes('.') || url.hostname.endsWith('.')) return invalid;
  return ok(url.href);
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** A plain address (no display name); the domain is stored lowercased, the local part as typed. */
export function parseEmail(text: string): AnswerResult {
  const t = text.trim();
  if (t.length > 254 || !EMAIL.test(t)) return invalid;
  const at = t.lastIndexOf('@');
  const local = t.slice(0, at);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return invalid;
  return ok(`${local}@${t.slice(at + 1).toLowerCase()}`);
}

/**
 * 7–15 digits (E.164 allows 15), an optional leading "+", and the separators people type: spaces, dashes, dots,
 * brackets. Stored as "+" and digits, or digits alone when no "+" was given (the country is not guessed here).
 */
export function parsePhone(text: string): AnswerResult {
  const t = text.trim();
  if (!/^\+?[\d\s().-]+$/.test(t)) return invalid;
  const digits = t.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return invalid;
  return ok(t.startsWith('+') ? `+${digits}` : digits);
}
