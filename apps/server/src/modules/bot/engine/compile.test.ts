import { describe, expect, it } from 'vitest';
import { compileBot, FAQ_THRESHOLD, matchFaq } from './compile';
import { personality } from './test-fixtures';

describe('compileBot', () => {
  it('compiles a config once and reuses it while the object lives', () => {
    const config = personality();
    expect(compileBot(config)).toBe(compileBot(config));
    // An equal but distinct object is a different personality as far as the cache knows.
    expect(compileBot(structuredClone(config))).not.toBe(compileBot(config));
  });

  it('indexes every FAQ question and phrase, and keywords apart', () => {
    const bot = compileBot(personality());
    expect(bot.faqPhrases.size).toBe(6); // 3 questions + 3 phrases
    expect(bot.faqKeywords.size).toBe(4);
    expect(bot.menuLabels.size).toBe(2);
  });
});

describe('matchFaq', () => {
  const bot = compileBot(personality());
  const match = (text: string) => matchFaq(bot, bot.lexicon.analyze(text));

  it('scores a keyword hit at least KEYWORD_SCORE, and an exact question 1', () => {
    expect(match('delivery')).toMatchObject({ index: 1 });
    expect(match('delivery')!.score).toBeGreaterThanOrEqual(0.7);
    expect(match('What does shipping cost?')).toEqual({ index: 1, score: 1 });
  });

  it('returns null below the threshold', () => {
    expect(match('what are your prices')).toBeNull();
    expect(FAQ_THRESHOLD).toBe(0.6);
  });
});
