// A configuration prepared for matching: every phrase, label and keyword normalised and indexed once, so each
// message costs look-ups rather than comparisons with hundreds of phrases. Compiled forms are cached by the
// config object's identity (a WeakMap, so they go when the config goes): treat a config as immutable once used —
// a changed personality is a new object (parse it again), never an edited one.
import type { BotConfig, BotMenuOption, BotQuestion } from './config';
import { normalize } from './fuzzy';
import { Lexicon, PhraseSet, type AnalyzedMessage, type PhraseHit } from './fuzzy-index';

/**
 * Thresholds on the 0..1 score of fuzzy.ts, chosen with the examples in the tests:
 * - FAQ 0.6: every content word of the phrase present (typos allowed) scores ≥ 0.8; missing one of two content
 *   words scores ≈ 0.45–0.55, so half a question is not an answer.
 * - Handoff 0.7: handing over to a person is costly, so a little stricter than the FAQ ("talk to you later" must
 *   not match "talk to a person").
 * - Menu label 0.75: labels are one or two words; the label has to be in the message ("sales please").
 * - Keyword 0.85: a keyword is a word (or words) that must appear, give or take one typo or an ending.
 */
export const FAQ_THRESHOLD = 0.6;
export const HANDOFF_THRESHOLD = 0.7;
export const MENU_LABEL_THRESHOLD = 0.75;
export const KEYWORD_THRESHOLD = 0.85;
/** Score of an FAQ entry when one of its keywords appears; each further keyword or a good phrase adds a little. */
export const KEYWORD_SCORE = 0.7;

export interface CompiledBot {
  readonly config: BotConfig;
  readonly lexicon: Lexicon;
  readonly stopKeywords: ReadonlySet<string>;
  readonly faqPhrases: PhraseSet;
  readonly faqKeywords: PhraseSet;
  readonly handoffPhrases: PhraseSet;
  readonly menuLabels: PhraseSet;
  readonly menuKeywords: PhraseSet;
  readonly menuById: ReadonlyMap<string, BotMenuOption>;
  readonly questionsById: ReadonlyMap<string, BotQuestion>;
}

const cache = new WeakMap<BotConfig, CompiledBot>();

export function compileBot(config: BotConfig): CompiledBot {
  let compiled = cache.get(config);
  if (!compiled) {
    compiled = build(config);
    cache.set(config, compiled);
  }
  return compiled;
}

function build(config: BotConfig): CompiledBot {
  const lexicon = new Lexicon();
  const options = config.menu?.options ?? [];
  const each = <T>(items: readonly T[], texts: (item: T) => readonly string[] | undefined) =>
    items.flatMap((item, owner) => (texts(item) ?? []).map((text) => ({ owner, text })));
  return {
    config,
    lexicon,
    stopKeywords: new Set(config.stopKeywords.map(normalize)),
    // The FAQ's question is also a phrase: it is what the entry answers, so asking it must find it.
    faqPhrases: new PhraseSet(
      lexicon,
      each(config.faq, (e) => [e.question, ...e.phrases]),
    ),
    faqKeywords: new PhraseSet(
      lexicon,
      each(config.faq, (e) => e.keywords),
    ),
    handoffPhrases: new PhraseSet(
      lexicon,
      config.handoffPhrases.map((text, owner) => ({ owner, text })),
    ),
    menuLabels: new PhraseSet(
      lexicon,
      each(options, (o) => [o.label]),
    ),
    menuKeywords: new PhraseSet(
      lexicon,
      each(options, (o) => o.keywords),
    ),
    menuById: new Map(options.map((o) => [o.id, o])),
    questionsById: new Map(config.questions.map((q) => [q.id, q])),
  };
}

/** STOP-style keywords count only as the whole message ("STOP", "Stop."), never inside a sentence ("cancel my order"). */
export function isStopKeyword(bot: CompiledBot, message: AnalyzedMessage): boolean {
  return bot.stopKeywords.has(message.normalized);
}

/** The interactive reply id of a menu option. */
export function menuReplyId(optionId: string): string {
  return `menu:${optionId}`;
}

/**
 * The menu option the message picks: the tapped button/row; its number when the menu was shown; the label in the
 * message; otherwise the option with most keywords in the message. Ties go to the earlier option.
 */
export function matchMenu(
  bot: CompiledBot,
  message: AnalyzedMessage,
  interactiveId: string | undefined,
  askedMenu: boolean,
  /** Whether the option's label or keywords may pick it. The bot says false once a team was picked and the FAQ has
   * an answer, so a question that shares words with an option ("how do I buy online?") is answered, not re-picked. */
  byWords = true,
): BotMenuOption | null {
  const options = bot.config.menu?.options;
  if (!options) return null;
  if (interactiveId !== undefined) {
    const tapped = bot.menuById.get(interactiveId.startsWith('menu:') ? interactiveId.slice(5) : interactiveId);
    if (tapped) return tapped;
  }
  // A bare number only means an option right after the menu was shown; "2" out of the blue is not a choice.
  if (askedMenu && /^\d{1,2}$/.test(message.normalized)) {
    const chosen = options[Number(message.normalized) - 1];
    if (chosen) return chosen;
  }
  if (!byWords) return null;
  const label = best(bot.menuLabels.match(message), MENU_LABEL_THRESHOLD);
  if (label) return options[label.owner] ?? null;
  const hits = keywordHits(bot.menuKeywords.match(message));
  let chosen = -1;
  for (const [owner, n] of hits) if (chosen === -1 || n > hits.get(chosen)! || (n === hits.get(chosen)! && owner < chosen)) chosen = owner;
  return chosen === -1 ? null : (options[chosen] ?? null);
}

/** True when the message asks for a person in the words of one of the handoff phrases. */
export function matchHandoff(bot: CompiledBot, message: AnalyzedMessage): boolean {
  return best(bot.handoffPhrases.match(message), HANDOFF_THRESHOLD) !== null;
}

export interface FaqMatch {
  index: number;
  score: number;
}

/**
 * The FAQ entry that answers the message, if any scores FAQ_THRESHOLD or more. An entry scores its best phrase
 * (its question included), or — when one of its keywords appears — KEYWORD_SCORE + 0.1 per further keyword +
 * 0.1 × its best phrase (capped at 1), whichever is higher. Ties go to the earlier entry.
 */
export function matchFaq(bot: CompiledBot, message: AnalyzedMessage): FaqMatch | null {
  const phraseBest = new Map<number, number>();
  for (const h of bot.faqPhrases.match(message)) if (h.score > (phraseBest.get(h.owner) ?? 0)) phraseBest.set(h.owner, h.score);
  const hits = keywordHits(bot.faqKeywords.match(message));
  let found: FaqMatch | null = null;
  for (const index of new Set([...phraseBest.keys(), ...hits.keys()])) {
    const phrase = phraseBest.get(index) ?? 0;
    const keywords = hits.get(index) ?? 0;
    const score = keywords > 0 ? Math.max(phrase, Math.min(1, KEYWORD_SCORE + 0.1 * (keywords - 1) + 0.1 * phrase)) : phrase;
    if (score < FAQ_THRESHOLD) continue;
    if (!found || score > found.score || (score === found.score && index < found.index)) found = { index, score };
  }
  return found;
}

/** Highest-scoring hit at or above the threshold; hits come in phrase order, so the first wins a tie. */
function best(hits: readonly PhraseHit[], threshold: number): PhraseHit | null {
  let top: PhraseHit | null = null;
  for (const h of hits) if (h.score >= threshold && (!top || h.score > top.score)) top = h;
  return top;
}

/** Number of keywords present per owner. */
function keywordHits(hits: readonly PhraseHit[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const h of hits) if (h.coverage >= KEYWORD_THRESHOLD) out.set(h.owner, (out.get(h.owner) ?? 0) + 1);
  return out;
}
