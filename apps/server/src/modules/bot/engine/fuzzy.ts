// Fuzzy text matching for the built-in bot: customers type on phones, in several languages, with typos and in
// their own word order, so "opening hourz?" must still find "What are your opening hours".
//
// One similarity, two implementations that give the same number:
// - `phraseSimilarity(message, phrase)`: straightforward, pairwise; for a handful of strings (list options).
// - `Lexicon` + `PhraseSet` (fuzzy-index.ts): the same score computed through an inverted index built once per bot
//   configuration, so matching a message against 500 FAQ entries costs a few map look-ups per word of the message
//   instead of a comparison with every phrase. A test checks both agree.
//
// The score of a message against a phrase (0..1):
//   coverage  = how much of the phrase the message contains   (Σ weight·best word similarity over phrase words)
//   precision = how much of the message the phrase explains  (the same, over message words)
//   score     = 0.8·coverage + 0.2·precision, or the trigram Dice coefficient of their content words when higher
//               (that catches words run together: "openinghours"); 0 when no content word of the phrase is in the
//               message (function words alone do not make two texts alike, unless the phrase has nothing else).
// Coverage dominates so that a long message that contains the question ("Hi, could you tell me your opening hours
// on Saturday please") still matches; precision breaks ties in favour of the phrase that explains more of it.
// Function words ("what", "the", "is", "di", "el"…) weigh 0.2, so they help a paraphrase without making two
// unrelated questions that share them look alike.

/** Only the start of a message is matched: a pasted essay must not cost more than a question. */
export const MAX_MATCH_CHARS = 1000;
/** Weight of a function word or a one-letter word ("s" of "what's"); other words weigh 1. */
export const STOPWORD_WEIGHT = 0.2;
/** Share of coverage in the word score; the rest is precision. */
export const COVERAGE_WEIGHT = 0.8;
/** One typo (a letter wrong, missing, extra, or two swapped) in words of ≥ 5 letters. */
export const EDIT_SIMILARITY = 0.85;
/** The message word extends the phrase word ("deliver" → "delivery", "ship" → "shipping"). */
export const EXTENDED_SIMILARITY = 0.85;
/** The message word is a truncation of the phrase word ("deliv" → "delivery"): weaker evidence. */
export const TRUNCATED_SIMILARITY = 0.75;

// Shorter words are left alone: "hour"/"your" and "cost"/"most" are one letter apart and mean different things.
export const MIN_EDIT_LENGTH = 5;
// A prefix counts only if it is a real stem: ≥ 4 letters and at least half of the longer word.
export const MIN_PREFIX_LENGTH = 4;

// Letters that NFKD does not split into a base letter and a mark.
const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

const fold = (c: string) => FOLDED[c] ?? c;

/**
 * Lowercase, strip accents and other diacritics ("Sì" → "si", "não" → "nao"), turn punctuation, emoji and symbols
 * into spaces and collapse them. Apostrophes split words ("l'ordine" → "l ordine"): one-letter words weigh little.
 */
export function normalize(text: string): string {
  return text
    .slice(0, MAX_MATCH_CHARS)
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþı]/g, fold)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Words of an already normalised text. */
export function tokenize(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

// Function words of the languages Parley's customers write in most (en, es, it, pt, fr, de), plus the filler of a
// request ("i would like to know", "please"). "no" and "not" are not here: they change the meaning.
const STOPWORDS = new Set(
  (
    'a an the to of in on at for from by with and or but is are was were be been am do does did i im me my we our ' +
    'you your it its this that these those there here what whats when where which who how why can could would ' +
    'should will shall may might must have has had please pls hi hello hey want need like know tell get just also ' +
    'thanks thank ok okay about any some ' +
    'el la los las un una unos unas de del que y o en es por para con mi mis su sus como cual donde cuando ' +
    'il lo gli le di da su per che e mio mia come dove quale sono ' +
    'os as um uma do da dos das em no na nos nas meu minha onde qual ' +
    'les une des du et est je mon ma mes vous votre comment quand quel ' +
    'der die das ein eine und oder ist ich mein meine wie wo wann zu mit von'
  ).split(' '),
);

export function tokenWeight(token: string): number {
  return token.length === 1 || STOPWORDS.has(token) ? STOPWORD_WEIGHT : 1;
}

export const hasDigit = (s: string) => /\d/.test(s);
export const ascending = (a: number, b: number) => a - b;

/** True when a and b differ by at most one substitution, insertion, deletion or swap of two neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    // Substitution: the rest is equal after skipping one letter in each; swap: the two letters trade places.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * How well one word of a message stands for one word of a phrase (0..1). Asymmetric on purpose: a message word
 * that extends a phrase word is good evidence, a message word cut short a little less.
 */
export function tokenSimilarity(messageToken: string, phraseToken: string): number {
  if (messageToken === phraseToken) return 1;
  // Numbers, order numbers and postcodes must match exactly: 12345 is not 12346.
  if (hasDigit(messageToken) || hasDigit(phraseToken)) return 0;
  const m = messageToken.length;
  const p = phraseToken.length;
  let s = 0;
  if (m >= MIN_EDIT_LENGTH && p >= MIN_EDIT_LENGTH && withinOneEdit(messageToken, phraseToken)) s = EDIT_SIMILARITY;
  if (m > p && p >= MIN_PREFIX_LENGTH && 2 * p >= m && messageToken.startsWith(phraseToken)) s = Math.max(s, EXTENDED_SIMILARITY);
  if (p > m && m >= MIN_PREFIX_LENGTH && 2 * m >= p && phraseToken.startsWith(messageToken)) s = Math.max(s, TRUNCATED_SIMILARITY);
  return s;
}

/** The words whose letters the trigram comparison looks at: the content words, or all when there are none. */
export function contentTokens(tokens: readonly string[]): readonly string[] {
  const content: string[] = [];
  for (const t of tokens) if (tokenWeight(t) === 1) content.push(t);
  return content.length > 0 ? content : tokens;
}

/** Trigrams of each word padded with spaces (" ho", "hou", …, "rs "), so word order does not matter. */
export function trigrams(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    const padded = ` ${t} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** Dice coefficient 2|A∩B| / (|A|+|B|). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

export const combine = (coverage: number, precision: number, diceScore: number) =>
  Math.max(COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * precision, diceScore);

/** The similarity of a message to a phrase (see the top of this file), computed directly. */
export function phraseSimilarity(message: string, phrase: string): number {
  return scoreTokens(tokenize(normalize(message)), tokenize(normalize(phrase))).score;
}

/** Score and coverage of message words against phrase words, pairwise: the reference the index must agree with. */
export function scoreTokens(message: readonly string[], phrase: readonly string[]): { score: number; coverage: number } {
  if (message.length === 0 || phrase.length === 0) return { score: 0, coverage: 0 };
  const messageBest = new Array<number>(message.length).fill(0);
  let covered = 0;
  let phraseWeight = 0;
  let shared = false;
  const functionWordsOnly = phrase.every((p) => tokenWeight(p) < 1);
  for (const p of phrase) {
    let best = 0;
    for (let i = 0; i < message.length; i++) {
      const s = tokenSimilarity(message[i]!, p);
      if (s > best) best = s;
      if (s > messageBest[i]!) messageBest[i] = s;
    }
    const w = tokenWeight(p);
    covered += w * best;
    phraseWeight += w;
    if (best > 0 && (w === 1 || functionWordsOnly)) shared = true;
  }
  if (!shared) return { score: 0, coverage: 0 };
  let explained = 0;
  let messageWeight = 0;
  for (let i = 0; i < message.length; i++) {
    const w = tokenWeight(message[i]!);
    explained += w * messageBest[i]!;
    messageWeight += w;
  }
  const coverage = covered / phraseWeight;
  const d = dice(trigrams(contentTokens(message)), trigrams(contentTokens(phrase)));
  return { score: combine(coverage, explained / messageWeight, d), coverage };
}
