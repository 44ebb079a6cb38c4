import { EMOTICONS } from './sentiment-words';

/** Only the start of a long message is scored: sentiment does not need more, and the work stays bounded. */
export const SENTIMENT_MAX_CHARS = 5_000;

/** Joins a phrase's words into the single token the scorer looks up ("still waiting" → "still+waiting"). */
export const phraseToken = (phrase: string) => phrase.split(' ').join('+');

const URL_OR_EMAIL = /(?:https?:\/\/|www\.)\S+|[^\s@]+@[^\s@]+\.[^\s@]+/giu;
// Control characters (NUL included) become spaces; invisible format characters go, except the zero-width joiner
// that holds emoji sequences together.
const CONTROL = /\p{Cc}/gu;
const FORMAT = /(?!\u200d)\p{Cf}/gu;
const EMOTICON = /(^|\s)(:-?\)+|:-?\(+|:-?D+|;-?\)+|:'-?\(+|:-?\/|<3+)(?=$|\s|[.,!?])/gu;
// One emoji (with its variation selector, skin tone and ZWJ partners) or one flag; or one word, which may hold
// inner apostrophes and hyphens (AFINN has "can't", "cover-up"). Everything else separates tokens.
const TOKEN =
  /(\p{Regional_Indicator}{2}|\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?(?:\u200d\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?)*)|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['-][\p{L}\p{M}\p{N}]+)*/gu;
// Laughter in the languages our customers write: hahaha, ahah, jajaja, hehe, hihi, kkkk (pt), rsrs (pt), xD, lol,
// ㅋㅋ. Tested on the word as written and with repeated letters collapsed ("hahahha", "haaahaaa").
const LAUGHTER = [
  /^[aei]?([hj][aei])\1+[hj]?$/u,
  /^([aei][hj])\1+[aei]?$/u,
  /^k{3,}$/u,
  /^(?:rs){2,}$/u,
  /^x+d+$/u,
  /^l+o+l+$/u,
  /^[ㅋㅎ]{2,}$/u,
];
/** AFINN's own laughter word (+3): every laughter token is scored as this. */
export const LAUGHTER_TOKEN = 'haha';

function normaliseEmoji(emoji: string): string {
  if (/^\p{Regional_Indicator}/u.test(emoji)) return emoji; // flags carry no sentiment and are not in the table
  // The package's table is keyed by bare code points: drop presentation selectors and skin tones, and keep the
  // first emoji of a ZWJ sequence ("🤦‍♂️" reads as 🤦).
  const first = emoji.split('\u200d')[0] ?? emoji;
  return first.replace(/[\ufe0e\ufe0f]|\p{Emoji_Modifier}/gu, '');
}

function emoticonToEmoji(face: string): string {
  const key = face.replace('-', '').replace(/(.)\1+$/u, '$1');
  return EMOTICONS[key] ?? ' ';
}

const isLaughter = (word: string) => LAUGHTER.some((re) => re.test(word));

/**
 * Splits a customer's message into the tokens the scorer looks up. Beyond the package's own tokenizer (which
 * only splits on spaces), it: scores the first SENTIMENT_MAX_CHARS characters only; drops links and e-mail
 * addresses (their words are not the customer's mood); reads :) :( :D <3 as emoji; splits adjacent emoji ("😡😡"
 * counts twice); maps laughter to one token; undoes elongations when the longer word is unknown ("slowww" → slow);
 * and joins known phrases into one token ("still waiting").
 */
export function sentimentTokens(text: string, isKnown: (token: string) => boolean, phrases: ReadonlySet<string>): string[] {
  let head = text.slice(0, SENTIMENT_MAX_CHARS);
  if (/[\ud800-\udbff]$/u.test(head)) head = head.slice(0, -1); // do not cut an emoji in half
  const cleaned = head
    .normalize('NFC')
    .replace(CONTROL, ' ')
    .replace(FORMAT, '')
    .replace(URL_OR_EMAIL, ' ')
    .replace(EMOTICON, (_m, before: string, face: string) => `${before} ${emoticonToEmoji(face)} `)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/gu, "'");

  const words: string[] = [];
  for (const match of cleaned.matchAll(TOKEN)) {
    const [token, emoji] = match;
    words.push(emoji === undefined ? normaliseWord(token, isKnown) : normaliseEmoji(emoji));
  }
  return joinPhrases(words, phrases);
}

function normaliseWord(word: string, isKnown: (token: string) => boolean): string {
  if (isKnown(word)) return word;
  const twice = word.replace(/(\p{L})\1{2,}/gu, '$1$1'); // "goood" → "good"
  const once = word.replace(/(\p{L})\1+/gu, '$1'); // "slowww" → "slow", "hahahha" → "hahaha"
  if (isLaughter(word) || isLaughter(once)) return LAUGHTER_TOKEN;
  if (isKnown(twice)) return twice;
  if (isKnown(once)) return once;
  return word;
}

function joinPhrases(words: string[], phrases: ReadonlySet<string>): string[] {
  let longest = 1;
  for (const phrase of phrases) longest = Math.max(longest, phrase.split(' ').length);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let taken = 1;
    for (let n = longest; n >= 2 && taken === 1; n--) {
      if (i + n <= words.length && phrases.has(words.slice(i, i + n).join(' '))) taken = n;
    }
    out.push(taken === 1 ? (words[i] as string) : phraseToken(words.slice(i, i + taken).join(' ')));
    i += taken - 1;
  }
  return out;
}
