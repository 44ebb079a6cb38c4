import Sentiment from 'sentiment';
import english from 'sentiment/languages/en/index.js';
import { phraseToken, sentimentTokens } from './sentiment-tokens';
import { EXTRA_NEGATORS, SUPPORT_EMOJI, SUPPORT_WORDS } from './sentiment-words';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface SentimentScore {
  /** Sum of the token scores (AFINN-165 words, emoji, our extras): a whole number, 0 when nothing is known. */
  score: number;
  /** `score` divided by the number of tokens scored (a joined phrase or one emoji counts as one token); 0 if none. */
  comparative: number;
  label: SentimentLabel;
}

/**
 * Label thresholds on `score`: above 0 is positive, below 0 negative, exactly 0 neutral (no known word, or words
 * that cancel out). A single mild word is enough to tip a short chat message, which is what agents expect to see.
 */
export const POSITIVE_ABOVE = 0;
export const NEGATIVE_BELOW = 0;

// Our own language, built from a copy of the package's English table so the shared one is never modified: the
// package merges `extras` into the table it scores with. AFINN's multi-word entries ("does not work") can never
// match through the package's space-splitting tokenizer, so they are re-keyed as joined tokens our tokenizer emits.
const LANGUAGE = 'parley-support';
const EXTRAS: Record<string, number> = {};
const PHRASES = new Set<string>();
const labels: Record<string, number> = {};
for (const [key, value] of Object.entries({ ...english.labels, ...SUPPORT_WORDS })) {
  if (key.includes(' ')) PHRASES.add(key);
  if (Object.hasOwn(SUPPORT_WORDS, key)) EXTRAS[phraseToken(key)] = value;
  else labels[phraseToken(key)] = value;
}
// Emoji extras go in per call: registering a language copies the package's emoji table over its labels.
Object.assign(EXTRAS, SUPPORT_EMOJI);

const analyzer = new Sentiment();
analyzer.registerLanguage(LANGUAGE, {
  labels,
  scoringStrategy: {
    // English negation (not, don't, non… flip the next word), plus Portuguese "não".
    apply: (tokens, cursor, tokenScore) =>
      cursor > 0 && EXTRA_NEGATORS.has(tokens[cursor - 1] ?? '') ? -tokenScore : english.scoringStrategy.apply(tokens, cursor, tokenScore),
  },
});

const isKnown = (token: string) => Object.hasOwn(EXTRAS, token) || Object.hasOwn(labels, token);

/** Scores a customer's inbound message from its words and emoji. Never throws; empty text is neutral. */
export function scoreSentiment(text: string): SentimentScore {
  const tokens = sentimentTokens(typeof text === 'string' ? text : '', isKnown, PHRASES);
  if (tokens.length === 0) return { score: 0, comparative: 0, label: 'neutral' };
  // Our tokens hold no spaces nor any character the package's tokenizer strips, so it sees exactly these tokens.
  const { score } = analyzer.analyze(tokens.join(' '), { language: LANGUAGE, extras: EXTRAS });
  const label: SentimentLabel = score > POSITIVE_ABOVE ? 'positive' : score < NEGATIVE_BELOW ? 'negative' : 'neutral';
  return { score, comparative: score / tokens.length, label };
}
