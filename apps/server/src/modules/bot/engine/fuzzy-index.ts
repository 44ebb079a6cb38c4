// The same similarity as `phraseSimilarity` (fuzzy.ts), computed through an inverted index built once per bot
// configuration: matching a message against 500 FAQ entries costs a few map look-ups per word of the message.
// A test checks that both give the same score.
import {
  ascending,
  combine,
  contentTokens,
  hasDigit,
  MIN_EDIT_LENGTH,
  MIN_PREFIX_LENGTH,
  normalize,
  tokenize,
  tokenSimilarity,
  tokenWeight,
  trigrams,
} from './fuzzy';

/** A message prepared once for every phrase set of a bot: its words, their weights and the lexicon words they match. */
export interface AnalyzedMessage {
  normalized: string;
  tokens: string[];
  weights: number[];
  totalWeight: number;
  /** Per message word: the lexicon word ids it resembles and how much (similarity > 0 only). */
  matches: { ids: number[]; sims: number[] }[];
  /** Ids of the message's content trigrams that occur in some phrase, ascending. */
  trigramIds: Int32Array;
  /** Number of distinct content trigrams of the message, known to the lexicon or not. */
  trigramCount: number;
}

/**
 * Every word of every phrase of one bot, with the look-ups that find the words a message word resembles without
 * comparing it to all of them: by single deletion (a typo leaves both words equal once one letter is dropped from
 * each, or from one) and by prefix.
 */
export class Lexicon {
  readonly words: string[] = [];
  /** tokenWeight of each word, by id. */
  readonly weights: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly byDeletion = new Map<string, number[]>();
  private readonly byPrefix = new Map<string, number[]>();
  private readonly trigramIdsByText = new Map<string, number>();

  intern(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    const id = this.words.length;
    this.words.push(word);
    this.weights.push(tokenWeight(word));
    this.ids.set(word, id);
    if (!hasDigit(word)) {
      if (word.length >= MIN_EDIT_LENGTH) for (const d of deletions(word)) push(this.byDeletion, d, id);
      for (let k = Math.max(MIN_PREFIX_LENGTH, Math.ceil(word.length / 2)); k < word.length; k++) push(this.byPrefix, word.slice(0, k), id);
    }
    return id;
  }

  internTrigrams(tokens: readonly string[]): Int32Array {
    const ids: number[] = [];
    for (const t of trigrams(contentTokens(tokens))) {
      let id = this.trigramIdsByText.get(t);
      if (id === undefined) this.trigramIdsByText.set(t, (id = this.trigramIdsByText.size));
      ids.push(id);
    }
    return Int32Array.from(ids).sort();
  }

  analyze(text: string): AnalyzedMessage {
    const normalized = normalize(text);
    const tokens = tokenize(normalized);
    const weights: number[] = [];
    const matches: AnalyzedMessage['matches'] = [];
    let totalWeight = 0;
    for (const t of tokens) {
      const w = tokenWeight(t);
      weights.push(w);
      totalWeight += w;
      matches.push(this.similarWords(t));
    }
    const known: number[] = [];
    const all = trigrams(contentTokens(tokens));
    for (const t of all) {
      const id = this.trigramIdsByText.get(t);
      if (id !== undefined) known.push(id);
    }
    return {
      normalized,
      tokens,
      weights,
      totalWeight,
      matches,
      trigramIds: Int32Array.from(known).sort(),
      trigramCount: all.size,
    };
  }

  /** The lexicon words with tokenSimilarity(word, lexiconWord) > 0: candidates from the look-ups, scored exactly. */
  private similarWords(word: string): { ids: number[]; sims: number[] } {
    // Hot path: plain loops and no closures (one decision analyses every word of the message).
    const found = new Map<number, number>();
    this.consider(found, word, this.ids.get(word));
    if (!hasDigit(word)) {
      if (word.length >= MIN_EDIT_LENGTH) {
        for (const id of this.byDeletion.get(word) ?? []) this.consider(found, word, id); // the message lacks a letter
        for (const d of deletions(word)) {
          this.consider(found, word, this.ids.get(d)); // the message has an extra letter
          for (const id of this.byDeletion.get(d) ?? []) this.consider(found, word, id); // a letter differs, or two are swapped
        }
      }
      for (const id of this.byPrefix.get(word) ?? []) this.consider(found, word, id); // the message word is cut short
      for (let k = Math.max(MIN_PREFIX_LENGTH, Math.ceil(word.length / 2)); k < word.length; k++) {
        this.consider(found, word, this.ids.get(word.slice(0, k))); // the message word extends a lexicon word
      }
    }
    return { ids: [...found.keys()], sims: [...found.values()] };
  }

  private consider(found: Map<number, number>, word: string, id: number | undefined): void {
    if (id === undefined || found.has(id)) return;
    const s = tokenSimilarity(word, this.words[id]!);
    if (s > 0) found.set(id, s);
  }
}

function deletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One phrase of a set that shares at least one word with the message. */
export interface PhraseHit {
  /** Index of the phrase in the order it was added. */
  phrase: number;
  /** What the phrase belongs to (an FAQ entry's index, a menu option's index…). */
  owner: number;
  score: number;
  coverage: number;
}

/**
 * Phrases compiled against a lexicon. `match` walks only the phrases that contain a word the message resembles;
 * scratch arrays are reused between calls (matching is synchronous, so calls never interleave).
 */
export class PhraseSet {
  private readonly owners: number[] = [];
  private readonly slotStart: number[] = [0];
  private readonly slotPhrase: number[] = [];
  private readonly slotWeight: number[] = [];
  private readonly phraseTrigrams: Int32Array[] = [];
  private readonly postings = new Map<number, number[]>();
  /** Slots of the phrases made of function words only, by word: the only phrases a function word can select. */
  private readonly functionOnlyPostings = new Map<number, number[]>();
  private scratch?: {
    candidate: Uint8Array;
    slotBest: Float64Array;
    precision: Float64Array;
    tokenBest: Float64Array;
    tokenStamp: Float64Array;
    clock: number;
  };

  constructor(
    private readonly lexicon: Lexicon,
    phrases: readonly { owner: number; text: string }[],
  ) {
    for (const { owner, text } of phrases) {
      const tokens = tokenize(normalize(text));
      // A phrase of punctuation only can never match; config checks report it.
      if (tokens.length === 0) continue;
      const phrase = this.owners.length;
      const functionWordsOnly = tokens.every((t) => tokenWeight(t) < 1);
      this.owners.push(owner);
      for (const t of tokens) {
        const slot = this.slotPhrase.length;
        const id = lexicon.intern(t);
        this.slotPhrase.push(phrase);
        this.slotWeight.push(tokenWeight(t));
        push(this.postings, id, slot);
        if (functionWordsOnly) push(this.functionOnlyPostings, id, slot);
      }
      this.slotStart.push(this.slotPhrase.length);
      this.phraseTrigrams.push(lexicon.internTrigrams(tokens));
    }
  }

  get size(): number {
    return this.owners.length;
  }

  /** Every phrase sharing a content word with the message, in phrase order, with the same score as `scoreTokens`. */
  match(message: AnalyzedMessage): PhraseHit[] {
    const s = (this.scratch ??= {
      candidate: new Uint8Array(this.owners.length),
      slotBest: new Float64Array(this.slotPhrase.length),
      precision: new Float64Array(this.owners.length),
      tokenBest: new Float64Array(this.owners.length),
      tokenStamp: new Float64Array(this.owners.length),
      clock: 0,
    });
    // Pass 1, the candidates: phrases with a content word the message resembles. "the" or "di" occur in most
    // phrases; letting them select phrases would make every message score hundreds of them.
    const candidates: number[] = [];
    for (let i = 0; i < message.tokens.length; i++) {
      const { ids } = message.matches[i]!;
      for (const id of ids) {
        const slots = this.lexicon.weights[id] === 1 ? this.postings.get(id) : this.functionOnlyPostings.get(id);
        if (slots === undefined) continue;
        for (const slot of slots) {
          const p = this.slotPhrase[slot]!;
          if (s.candidate[p] === 0) {
            s.candidate[p] = 1;
            candidates.push(p);
          }
        }
      }
    }
    if (candidates.length === 0) return [];

    // Pass 2, the score of each candidate: every word counts now, function words included.
    const touchedSlots: number[] = [];
    for (let i = 0; i < message.tokens.length; i++) {
      const stamp = ++s.clock;
      const thisToken: number[] = [];
      const { ids, sims } = message.matches[i]!;
      for (let k = 0; k < ids.length; k++) {
        const slots = this.postings.get(ids[k]!);
        if (slots === undefined) continue;
        const sim = sims[k]!;
        for (const slot of slots) {
          const p = this.slotPhrase[slot]!;
          if (s.candidate[p] === 0) continue;
          if (s.slotBest[slot] === 0) touchedSlots.push(slot);
          if (sim > s.slotBest[slot]!) s.slotBest[slot] = sim;
          if (s.tokenStamp[p] !== stamp) {
            s.tokenStamp[p] = stamp;
            s.tokenBest[p] = sim;
            thisToken.push(p);
          } else if (sim > s.tokenBest[p]!) s.tokenBest[p] = sim;
        }
      }
      for (const p of thisToken) s.precision[p]! += message.weights[i]! * s.tokenBest[p]!;
    }

    candidates.sort(ascending);
    const hits: PhraseHit[] = [];
    for (const p of candidates) {
      let covered = 0;
      let weight = 0;
      for (let slot = this.slotStart[p]!; slot < this.slotStart[p + 1]!; slot++) {
        covered += this.slotWeight[slot]! * s.slotBest[slot]!;
        weight += this.slotWeight[slot]!;
      }
      const coverage = covered / weight;
      const d = diceIds(message.trigramIds, message.trigramCount, this.phraseTrigrams[p]!);
      hits.push({ phrase: p, owner: this.owners[p]!, score: combine(coverage, s.precision[p]! / message.totalWeight, d), coverage });
      s.candidate[p] = 0;
      s.precision[p] = 0;
    }
    for (const slot of touchedSlots) s.slotBest[slot] = 0;
    return hits;
  }
}

/** Dice over sorted trigram ids; the message's unknown trigrams count in its size but are never shared. */
function diceIds(message: Int32Array, messageCount: number, phrase: Int32Array): number {
  if (messageCount === 0 || phrase.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < message.length && j < phrase.length;) {
    if (message[i] === phrase[j]) {
      shared++;
      i++;
      j++;
    } else if (message[i]! < phrase[j]!) i++;
    else j++;
  }
  return (2 * shared) / (messageCount + phrase.length);
}
