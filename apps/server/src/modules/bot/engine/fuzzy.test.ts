import { describe, expect, it } from 'vitest';
import { HANDOFF_THRESHOLD, FAQ_THRESHOLD } from './compile';
import {
  dice,
  normalize,
  phraseSimilarity,
  scoreTokens,
  tokenize,
  tokenSimilarity,
  trigrams,
  withinOneEdit,
  MAX_MATCH_CHARS,
} from './fuzzy';
import { Lexicon, PhraseSet } from './fuzzy-index';

describe('normalize', () => {
  it('lowercases, strips accents and punctuation, collapses spaces', () => {
    expect(normalize('  Qual è   il VOSTRO orario?!  ')).toBe('qual e il vostro orario');
    expect(normalize('¿Cuánto cuesta el envío?')).toBe('cuanto cuesta el envio');
    expect(normalize('Não, obrigado')).toBe('nao obrigado');
    expect(normalize('Größe Ærø Łódź')).toBe('grosse aero lodz');
  });

  it('turns emoji, symbols and apostrophes into word breaks', () => {
    expect(normalize("What's the price? 👍💰")).toBe('what s the price');
    expect(normalize("l'ordine")).toBe('l ordine');
    expect(normalize('🙂🙂')).toBe('');
  });

  it('reads full-width and ligature forms as plain letters', () => {
    expect(normalize('ＳＴＯＰ')).toBe('stop');
    expect(normalize('ﬁle')).toBe('file');
  });

  it('only looks at the first MAX_MATCH_CHARS characters', () => {
    expect(normalize('a'.repeat(MAX_MATCH_CHARS) + ' tail')).toBe('a'.repeat(MAX_MATCH_CHARS));
  });
});

describe('withinOneEdit / tokenSimilarity', () => {
  it('accepts one substitution, insertion, deletion or swap, nothing more', () => {
    expect(withinOneEdit('hours', 'hourz')).toBe(true);
    expect(withinOneEdit('shipping', 'shiping')).toBe(true);
    expect(withinOneEdit('shiping', 'shipping')).toBe(true);
    expect(withinOneEdit('human', 'humna')).toBe(true);
    expect(withinOneEdit('human', 'hmuan')).toBe(true);
    expect(withinOneEdit('human', 'hmuna')).toBe(false);
    expect(withinOneEdit('hours', 'ho')).toBe(false);
    expect(withinOneEdit('delivery', 'delivers')).toBe(true);
    expect(withinOneEdit('abcd', 'abdc')).toBe(true);
    expect(withinOneEdit('abcd', 'badc')).toBe(false);
  });

  it('tolerates typos only in words of five letters or more, and never in numbers', () => {
    expect(tokenSimilarity('hourz', 'hours')).toBeGreaterThan(0.8);
    expect(tokenSimilarity('your', 'hour')).toBe(0);
    expect(tokenSimilarity('most', 'cost')).toBe(0);
    expect(tokenSimilarity('12346', '12345')).toBe(0);
    expect(tokenSimilarity('12345', '12345')).toBe(1);
  });

  it('matches word stems by prefix, a longer message word more than a cut-short one', () => {
    expect(tokenSimilarity('shipping', 'ship')).toBe(0.85);
    expect(tokenSimilarity('deliv', 'delivery')).toBe(0.75);
    expect(tokenSimilarity('hours', 'hour')).toBe(0.85);
    // "ship" is a stem of "shipping" (half of it), not of "shipment…s" style words twice as long
    expect(tokenSimilarity('shipmentsss', 'ship')).toBe(0);
    expect(tokenSimilarity('pay', 'payment')).toBe(0);
  });
});

describe('trigrams and dice', () => {
  it('pads each word so order does not matter', () => {
    expect(trigrams(['ab'])).toEqual(new Set([' ab', 'ab ']));
    expect(dice(trigrams(['opening', 'hours']), trigrams(['hours', 'opening']))).toBe(1);
    expect(dice(new Set(), trigrams(['x']))).toBe(0);
  });
});

describe('phraseSimilarity', () => {
  // Paraphrases and typos that must match (score at or above the FAQ threshold)…
  const hits: [string, string][] = [
    ['opening hourz?', 'what are your opening hours'],
    ['OPENING HOURS', 'what are your opening hours'],
    ['hours opening', 'what are your opening hours'],
    ['openinghours', 'what are your opening hours'],
    ['Hi, could you tell me your opening hours on Saturday please', 'what are your opening hours'],
    ['how much is shipping', 'what does shipping cost'],
    ['how much does shiping cost?', 'what does shipping cost'],
    ['where is my order', 'track my order'],
    ['how many hours does delivery take', 'how long does delivery take'],
    ['cuanto cuesta el envio', '¿Cuánto cuesta el envío?'],
    ['Qual è il vostro orario di apertura?', 'orario di apertura'],
    ['paypal', 'can i pay with paypal'],
  ];
  it.each(hits)('"%s" ≈ "%s"', (message, phrase) => {
    expect(phraseSimilarity(message, phrase)).toBeGreaterThanOrEqual(FAQ_THRESHOLD);
  });

  // …and unrelated text that shares only function words, or one word of two, must not.
  const misses: [string, string][] = [
    ['what are your prices', 'what are your opening hours'],
    ['what are your delivery times', 'what are your prices'],
    ['how many hours does delivery take', 'what are your opening hours'],
    ['can I cancel my order', 'how do I track my order'],
    ['my payment failed', 'payment methods'],
    ['the weather is nice today', 'what are your opening hours'],
    ['ok', 'what are your opening hours'],
    ['', 'what are your opening hours'],
  ];
  it.each(misses)('"%s" ≉ "%s"', (message, phrase) => {
    expect(phraseSimilarity(message, phrase)).toBeLessThan(FAQ_THRESHOLD);
  });

  it('handoff paraphrases reach the handoff threshold; small talk does not', () => {
    expect(phraseSimilarity('i want to talk to a human', 'talk to a human')).toBeGreaterThanOrEqual(HANDOFF_THRESHOLD);
    expect(phraseSimilarity('can i speak to someone', 'speak with someone')).toBeGreaterThanOrEqual(HANDOFF_THRESHOLD);
    expect(phraseSimilarity('are you a real person?', 'real person')).toBeGreaterThanOrEqual(HANDOFF_THRESHOLD);
    expect(phraseSimilarity('talk to human', 'talk to a human')).toBeGreaterThanOrEqual(HANDOFF_THRESHOLD);
    expect(phraseSimilarity('talk to you later', 'talk to a person')).toBeLessThan(HANDOFF_THRESHOLD);
    expect(phraseSimilarity('I need help with my invoice', 'speak with someone')).toBeLessThan(HANDOFF_THRESHOLD);
    // Documented limit: no synonyms, so "human" does not stand for "person" — hence both default phrases.
    expect(phraseSimilarity('i want to talk to a human', 'talk to a person')).toBeLessThan(HANDOFF_THRESHOLD);
  });

  it('is 1 for the same words in any case, accents or order', () => {
    expect(phraseSimilarity('Where is my ORDER?', 'where is my order')).toBe(1);
    expect(phraseSimilarity('order my where is', 'where is my order')).toBe(1);
  });
});

describe('Lexicon + PhraseSet (the index) agree with the pairwise score', () => {
  const phrases = [
    'what are your opening hours',
    'what does shipping cost',
    'how long does delivery take',
    'do you ship to italy',
    'where is my order 12345',
    'talk to a human',
    'how do I return an item',
    'payment methods',
    'orario di apertura',
    '¿Cuánto cuesta el envío?',
    'deliver',
    'ship',
    'opening',
  ];
  const messages = [
    'opening hourz?',
    'how much is shipping to italy',
    'shiping costs',
    'deliveries to italia',
    'order 12345 where',
    'i want to talk to a humna',
    'returns of items',
    'pay',
    'openinghours',
    'cuanto cuesta envio',
    'delivering',
    'the weather is nice',
    '',
    'a a a a',
  ];

  it('gives the same score and coverage for every message and phrase', () => {
    const lexicon = new Lexicon();
    const set = new PhraseSet(
      lexicon,
      phrases.map((text, owner) => ({ owner, text })),
    );
    for (const m of messages) {
      const analyzed = lexicon.analyze(m);
      const hits = new Map(set.match(analyzed).map((h) => [h.owner, h]));
      phrases.forEach((p, owner) => {
        const expected = scoreTokens(tokenize(normalize(m)), tokenize(normalize(p)));
        const got = hits.get(owner);
        expect({ m, p, score: got?.score ?? 0, coverage: got?.coverage ?? 0 }).toEqual({ m, p, ...expected });
      });
    }
  });

  it('gives the same answer when asked twice (scratch buffers are reset)', () => {
    const lexicon = new Lexicon();
    const set = new PhraseSet(
      lexicon,
      phrases.map((text, owner) => ({ owner, text })),
    );
    const first = set.match(lexicon.analyze('how much is shipping to italy'));
    set.match(lexicon.analyze('opening hours'));
    expect(set.match(lexicon.analyze('how much is shipping to italy'))).toEqual(first);
  });

  it('skips phrases without words', () => {
    const lexicon = new Lexicon();
    const set = new PhraseSet(lexicon, [
      { owner: 0, text: '?!' },
      { owner: 1, text: 'hello' },
    ]);
    expect(set.size).toBe(1);
    expect(set.match(lexicon.analyze('hello')).map((h) => h.owner)).toEqual([1]);
  });
});
