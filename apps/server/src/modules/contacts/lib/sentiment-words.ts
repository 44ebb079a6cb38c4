/**
 * Parley's additions to AFINN-165 and the package's emoji table, for customers writing to support.
 * Kept short on purpose: every entry fixes a word that is missing, or judged for tweets rather than for support
 * chats. Values stay integers in AFINN's range (-5…5) so scores remain whole numbers. Entries with a space are
 * phrases: the tokenizer joins their words into one token before scoring (the package alone never matches them).
 */
export const SUPPORT_WORDS: Readonly<Record<string, number>> = {
  // Complaints AFINN lacks, or rates milder than a support chat means them.
  slow: -2,
  slowly: -2,
  slower: -2,
  slowest: -3,
  waiting: -1,
  waited: -1,
  'still waiting': -3,
  late: -2,
  delay: -2,
  delayed: -2,
  delays: -2,
  broken: -2,
  refund: -1,
  scam: -3,
  scammed: -3,
  useless: -3,
  unacceptable: -3,
  rude: -3,
  joke: -2, // "this is a joke"; AFINN reads it as +2
  'no reply': -2,
  'no response': -2,
  'no answer': -2,
  'waste of time': -3,
  "doesn't work": -3, // AFINN has only "does not work"
  "don't like": -2, // AFINN has only "dont like"

  // Thanks and praise AFINN lacks (it already has thanks, thank, great, perfect, awesome, love, helpful…).
  thx: 2,
  thanx: 2,
  tks: 2,
  ty: 2,
  tysm: 3,
  fast: 1,
  quick: 1,
  quickly: 1,
  xd: 3, // laughter; the tokenizer maps hahaha, jajaja, kkkk… to AFINN's "haha" (+3)
  'no problem': 1, // otherwise no (-1) + problem (-2)
  'no worries': 1,

  // Words that are requests or answers to the bot in a support chat, not feelings.
  ok: 0,
  okay: 0,
  yes: 0,
  no: 0,
  help: 0,
  please: 0,
  support: 0,
  want: 0,
  like: 0, // "I'd like to…"
  pay: 0,

  // A few common Italian, Spanish and Portuguese words. Spanish words spelled as in English (terrible, horrible)
  // are already in AFINN.
  grazie: 2,
  'grazie mille': 3,
  gracias: 2,
  'muchas gracias': 3,
  obrigado: 2,
  obrigada: 2,
  'muito obrigado': 3,
  'muito obrigada': 3,
  ottimo: 3,
  perfetto: 3,
  perfecto: 3,
  perfeito: 3,
  excelente: 3,
  gentilissimo: 2,
  amable: 2,
  lento: -2,
  lenta: -2,
  lentissimo: -3,
  pessimo: -3,
  pessima: -3,
  péssimo: -3,
  péssima: -3,
  pésimo: -3,
  pésima: -3,
  terribile: -3,
  terrível: -3,
  horrível: -3,
  ritardo: -2,
  retraso: -2,
  atraso: -2,
  truffa: -3,
  estafa: -3,
  vergogna: -2,
  vergüenza: -2,
  vergonha: -2,
};

/**
 * Emoji the package's table lacks or scores for Twitter rather than for support (it has 😡 at only -1 and ❌ at +1).
 * Keys are single code points: the tokenizer drops variation selectors and skin tones and keeps the first emoji of
 * a ZWJ sequence ("🤦‍♂️" → 🤦).
 */
export const SUPPORT_EMOJI: Readonly<Record<string, number>> = {
  '😡': -3,
  '😠': -3,
  '🤬': -4,
  '🙁': -2,
  '😢': -2,
  '😥': -2,
  '🙄': -2,
  '🤦': -2,
  '👎': -2,
  '❌': -1,
  '😐': -1,
  '🙂': 1,
  '😅': 1,
  '🤣': 3,
  '🥰': 3,
  '🤩': 3,
  '🤗': 2,
  '🤝': 2,
  '💯': 2,
};

/** Negators added to the English ones (not, don't, non…): a negator flips the score of the word right after it. */
export const EXTRA_NEGATORS: ReadonlySet<string> = new Set(['não', 'nao']);

/** Text emoticons, read as the emoji they stand for. */
export const EMOTICONS: Readonly<Record<string, string>> = {
  ':)': '🙂',
  ':(': '🙁',
  ':D': '😃',
  ';)': '😉',
  ":'(": '😢',
  ':/': '😕',
  '<3': '❤',
};
