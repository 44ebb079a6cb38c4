import Sentiment from 'sentiment';
import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './sentiment';
import { SENTIMENT_MAX_CHARS, sentimentTokens } from './sentiment-tokens';

const score = (text: string) => scoreSentiment(text).score;

describe('scoreSentiment', () => {
  it('reads laughter as positive, in several languages and lengths', () => {
    expect(score('hahaha')).toBeGreaterThan(0);
    for (const laugh of ['haha', 'hahahahaha', 'HAHAHHAHA', 'ahahah', 'jajaja', 'hehe', 'kkkk', 'rsrs', 'xD', 'lol', 'lmaooo']) {
      expect(scoreSentiment(laugh).label, laugh).toBe('positive');
    }
  });

  it('keeps greetings and plain answers neutral', () => {
    expect(scoreSentiment('hello')).toEqual({ score: 0, comparative: 0, label: 'neutral' });
    for (const text of ['ok', 'okay', 'yes', 'no', 'I would like to pay', 'please help']) expect(score(text), text).toBe(0);
  });

  it('reads support complaints as negative', () => {
    expect(score('so slow!')).toBeLessThan(0);
    expect(scoreSentiment('so slow!').label).toBe('negative');
    for (const text of ['my order is late', 'delivery delayed again', 'this app is useless', 'what a scam', 'unacceptable', 'sloooow']) {
      expect(score(text), text).toBeLessThan(0);
    }
  });

  it('reads thanks with emoji as positive', () => {
    const result = scoreSentiment('Thank you so much 🙏😍');
    expect(result.score).toBeGreaterThan(0);
    expect(result.label).toBe('positive');
    for (const text of ['thx', 'ty!', 'great, fast and helpful', 'perfect', 'awesome', 'love it'])
      expect(score(text), text).toBeGreaterThan(0);
  });

  it('counts each of several adjacent emoji', () => {
    const twice = score('still waiting for my refund 😡😡');
    const once = score('still waiting for my refund 😡');
    expect(twice).toBeLessThan(0);
    expect(twice).toBeLessThan(once);
    expect(score('🙂👍')).toBe(score('🙂') + score('👍'));
    expect(score('🙂')).toBeGreaterThan(0);
    expect(score('👍')).toBeGreaterThan(0);
  });

  it('reads emoji with skin tones, variation selectors and ZWJ sequences', () => {
    expect(score('👍🏽')).toBe(score('👍'));
    expect(score('❤️❤️')).toBe(2 * score('❤'));
    expect(score('🤦‍♀️')).toBeLessThan(0);
    expect(score('🇮🇹')).toBe(0);
  });

  it('scores "still waiting" as a phrase, below "waiting" alone', () => {
    expect(score('still waiting')).toBeLessThan(score('waiting'));
    expect(score('it does not work')).toBeLessThan(0);
    expect(score("it doesn't work")).toBeLessThan(0);
  });

  it('applies negation', () => {
    expect(score('not slow')).toBeGreaterThan(0);
    expect(score('not good')).toBeLessThan(0);
  });

  it('knows a few Italian, Spanish and Portuguese words', () => {
    for (const text of ['grazie mille!', 'gracias', 'muito obrigada', 'ottimo servizio']) expect(score(text), text).toBeGreaterThan(0);
    for (const text of ['troppo lento', 'servicio pésimo', 'péssimo atendimento', 'pessimo']) expect(score(text), text).toBeLessThan(0);
  });

  it('reads text emoticons', () => {
    expect(score('thanks :)')).toBeGreaterThan(score('thanks'));
    expect(score('ok :(')).toBeLessThan(0);
  });

  it('normalises comparative per token', () => {
    const result = scoreSentiment('so slow!');
    expect(result.comparative).toBe(result.score / 2);
    expect(scoreSentiment('still waiting 😡😡').comparative).toBe(score('still waiting 😡😡') / 3);
  });

  it('never throws on odd input', () => {
    for (const text of ['', '   \n\t', '\u0000', 'a\u0000b', '\ud83d', '🏽', '\u200d', '‍'.repeat(50)]) {
      expect(() => scoreSentiment(text), JSON.stringify(text)).not.toThrow();
    }
    expect(scoreSentiment('')).toEqual({ score: 0, comparative: 0, label: 'neutral' });
    expect(scoreSentiment('   ').label).toBe('neutral');
    expect(scoreSentiment('\u0000').label).toBe('neutral');
    expect(scoreSentiment(undefined as unknown as string).label).toBe('neutral');
  });

  it('scores only the start of a very long message', () => {
    const long = 'slow '.repeat(20_000) + 'awesome '.repeat(1_000); // 108 KB; the praise is past the limit
    const started = performance.now();
    const result = scoreSentiment(long);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.label).toBe('negative');
    expect(result.score).toBe(score('slow') * (SENTIMENT_MAX_CHARS / 5));
  });

  it('does not cut an emoji in half at the limit', () => {
    const text = `${'x'.repeat(SENTIMENT_MAX_CHARS - 1)}😡`;
    expect(() => scoreSentiment(text)).not.toThrow();
    expect(score(text)).toBe(0);
  });

  it('keeps links and e-mail addresses out of the score', () => {
    expect(scoreSentiment('https://shop.example.com/love/great-deals?best=perfect')).toEqual({
      score: 0,
      comparative: 0,
      label: 'neutral',
    });
    expect(scoreSentiment('www.awesome-shop.example/happy').label).toBe('neutral');
    expect(scoreSentiment('write to happy.customer@example.com').label).toBe('neutral');
  });

  it("leaves the package's own English table untouched", () => {
    expect(score('slow')).toBeLessThan(0);
    expect(new Sentiment().analyze('slow').score).toBe(0);
  });
});

describe('sentimentTokens', () => {
  const tokens = (text: string) => sentimentTokens(text, () => false, new Set(['still waiting']));

  it('splits adjacent emoji and keeps each emoji whole', () => {
    expect(tokens('😡😡')).toEqual(['😡', '😡']);
    expect(tokens('ok🙂👍')).toEqual(['ok', '🙂', '👍']);
    expect(tokens('👍🏻🇮🇹')).toEqual(['👍', '🇮🇹']);
  });

  it('maps laughter to one token and joins phrases', () => {
    expect(tokens('hahahaha jajaja kkkk hija')).toEqual(['haha', 'haha', 'haha', 'hija']);
    expect(tokens('Still  waiting...')).toEqual(['still+waiting']);
  });
});
