import { describe, expect, it } from 'vitest';
import { botConfigSchema, checkBotConfig, defaultBotConfig, parseBotConfig, type BotConfig, type BotConfigInput } from './config';
import { SALES, SUPPORT, personality } from './test-fixtures';

const known = { skillsetIds: new Set([SALES, SUPPORT]), attributeKeys: new Set(['email', 'size', 'colour', 'age']) };
const problems = (overrides: Partial<BotConfigInput>) => checkBotConfig(personality(overrides), known);

describe('botConfigSchema', () => {
  it('makes a working bot out of {}', () => {
    expect(defaultBotConfig).toMatchObject({
      enabled: true,
      menu: null,
      faq: [],
      questions: [],
      goals: [],
      maxMisunderstood: 2,
      stopKeywords: ['stop', 'unsubscribe', 'cancel', 'stopp', 'basta', 'alto'],
      businessHours: null,
      listButton: 'Options',
    });
    expect(defaultBotConfig.handoffPhrases).toContain('talk to a person');
    expect(checkBotConfig(defaultBotConfig, { skillsetIds: new Set(), attributeKeys: new Set() })).toEqual([]);
  });

  it('fills business hours with Monday to Friday 09:00–18:00 and days left out with closed', () => {
    const parsed = botConfigSchema.parse({ businessHours: { timezone: 'Europe/Rome' } }).businessHours!;
    expect(parsed.weekly.mon).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(parsed.weekly.sun).toEqual([]);
    expect(parsed.closedDates).toEqual([]);
    const partial = botConfigSchema.parse({
      businessHours: { timezone: 'UTC', weekly: { sat: [{ from: '10:00', to: '12:00' }] } },
    }).businessHours!;
    expect(partial.weekly.mon).toEqual([]);
    expect(partial.weekly.sat).toHaveLength(1);
  });

  it('rejects unknown keys at every level (.strict)', () => {
    expect(botConfigSchema.safeParse({ greting: 'x' }).success).toBe(false);
    expect(botConfigSchema.safeParse({ faq: [{ id: 'a', question: 'q', answer: 'a', extra: 1 }] }).success).toBe(false);
    expect(botConfigSchema.safeParse({ businessHours: { timezone: 'UTC', weekly: { monday: [] } } }).success).toBe(false);
  });

  it('limits a menu label to 20 characters, counting an emoji as one', () => {
    const menu = (label: string) => ({ menu: { prompt: 'p', options: [{ id: 'a', label, skillsetId: SALES }] } });
    expect(botConfigSchema.safeParse(menu('x'.repeat(20))).success).toBe(true);
    expect(botConfigSchema.safeParse(menu('📦'.repeat(20))).success).toBe(true);
    expect(botConfigSchema.safeParse(menu('x'.repeat(21))).success).toBe(false);
  });

  it('a menu option picks a team by default (no handoff, no own reply) and the menu has a reply after a pick', () => {
    const parsed = botConfigSchema.parse({ menu: { options: [{ id: 'a', label: 'Sales', skillsetId: SALES }] } }).menu!;
    expect(parsed.options[0]).toEqual({ id: 'a', label: 'Sales', skillsetId: SALES, handoff: false });
    expect(parsed.menuChoiceReply).toMatch(/person/);
    const option = (extra: object) => ({ menu: { options: [{ id: 'a', label: 'Sales', skillsetId: SALES, ...extra }] } });
    expect(botConfigSchema.safeParse(option({ handoff: true, reply: 'Right away' })).success).toBe(true);
    expect(botConfigSchema.safeParse(option({ reply: '  ' })).success).toBe(false);
    expect(botConfigSchema.safeParse(option({ handoff: 'yes' })).success).toBe(false);
    expect(botConfigSchema.safeParse({ menu: { options: [option({}).menu.options[0]], menuChoiceReply: '' } }).success).toBe(false);
  });

  it('limits the menu to 10 options, the FAQ to 500 entries and an answer to 1..1024 characters', () => {
    const option = (i: number) => ({ id: `o${i}`, label: `O${i}`, skillsetId: SALES });
    expect(botConfigSchema.safeParse({ menu: { options: Array.from({ length: 10 }, (_, i) => option(i)) } }).success).toBe(true);
    expect(botConfigSchema.safeParse({ menu: { options: Array.from({ length: 11 }, (_, i) => option(i)) } }).success).toBe(false);
    expect(botConfigSchema.safeParse({ menu: { options: [] } }).success).toBe(false);
    const entry = (i: number, answer = 'a') => ({ id: `f${i}`, question: 'q', answer });
    expect(botConfigSchema.safeParse({ faq: Array.from({ length: 500 }, (_, i) => entry(i)) }).success).toBe(true);
    expect(botConfigSchema.safeParse({ faq: Array.from({ length: 501 }, (_, i) => entry(i)) }).success).toBe(false);
    expect(botConfigSchema.safeParse({ faq: [entry(0, 'x'.repeat(1024))] }).success).toBe(true);
    expect(botConfigSchema.safeParse({ faq: [entry(0, 'x'.repeat(1025))] }).success).toBe(false);
    expect(botConfigSchema.safeParse({ faq: [entry(0, '   ')] }).success).toBe(false);
  });

  it('checks maxMisunderstood, skillset uuids, times and dates', () => {
    expect(botConfigSchema.safeParse({ maxMisunderstood: 0 }).success).toBe(false);
    expect(botConfigSchema.safeParse({ maxMisunderstood: 11 }).success).toBe(false);
    expect(botConfigSchema.safeParse({ menu: { options: [{ id: 'a', label: 'A', skillsetId: 'sales' }] } }).success).toBe(false);
    const hoursWith = (weekly: unknown, closedDates: unknown = []) => ({ businessHours: { timezone: 'UTC', weekly, closedDates } });
    expect(botConfigSchema.safeParse(hoursWith({ mon: [{ from: '9:00', to: '18:00' }] })).success).toBe(false);
    expect(botConfigSchema.safeParse(hoursWith({ mon: [{ from: '09:00', to: '24:00' }] })).success).toBe(true);
    expect(botConfigSchema.safeParse(hoursWith({ mon: [{ from: '09:00', to: '24:30' }] })).success).toBe(false);
    expect(botConfigSchema.safeParse(hoursWith({}, ['2026-12-25'])).success).toBe(true);
    expect(botConfigSchema.safeParse(hoursWith({}, ['2026-02-30'])).success).toBe(false);
    expect(botConfigSchema.safeParse(hoursWith({}, ['25/12/2026'])).success).toBe(false);
  });
});

describe('checkBotConfig', () => {
  it('finds nothing wrong with a sound personality', () => {
    expect(checkBotConfig(personality(), known)).toEqual([]);
  });

  it('a menu option pointing at an unknown skillset', () => {
    const other = '9a9b9c9d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
    expect(problems({ menu: { prompt: 'p', options: [{ id: 'x', label: 'X', skillsetId: other }] } })).toEqual([
      { field: 'menu.options[0].skillsetId', message: `unknown skillset ${other}` },
    ]);
  });

  it('an empty FAQ answer (a config built in code, past the schema)', () => {
    const config = personality();
    const broken: BotConfig = { ...config, faq: [{ ...config.faq[0]!, answer: '  ' }, ...config.faq.slice(1)] };
    expect(checkBotConfig(broken, known)).toEqual([{ field: 'faq[0].answer', message: 'must not be empty' }]);
  });

  it('an FAQ entry that can never match: no keyword nor phrase, or a phrase without words', () => {
    expect(problems({ faq: [{ id: 'a', question: 'q?', answer: 'a' }] })).toEqual([
      { field: 'faq[0]', message: 'needs at least one keyword or phrase, or it can never be answered' },
    ]);
    expect(problems({ faq: [{ id: 'a', question: 'q?', answer: 'a', phrases: ['?!'] }] })).toEqual([
      { field: 'faq[0].phrases[0]', message: 'must contain letters or digits' },
    ]);
  });

  it('a question for an unknown attribute', () => {
    expect(problems({ questions: [{ id: 'q', attributeKey: 'shoe_size', prompt: 'Size?', type: 'number' }] })).toEqual([
      { field: 'questions[0].attributeKey', message: 'unknown attribute "shoe_size"' },
    ]);
  });

  it('a list question without options, or with the same option twice', () => {
    expect(problems({ questions: [{ id: 'q', attributeKey: 'size', prompt: 'Size?', type: 'list' }] })).toEqual([
      { field: 'questions[0].options', message: 'a list question needs at least one option' },
    ]);
    expect(problems({ questions: [{ id: 'q', attributeKey: 'size', prompt: 'Size?', type: 'list', options: [] }] })).toHaveLength(1);
    expect(problems({ questions: [{ id: 'q', attributeKey: 'size', prompt: 'Size?', type: 'list', options: ['S', 's'] }] })).toEqual([
      { field: 'questions[0].options[1]', message: 'duplicate option (same as questions[0].options[0])' },
    ]);
  });

  it('duplicate ids (menu options, FAQ entries, questions), menu labels and goals', () => {
    expect(
      problems({
        menu: {
          prompt: 'p',
          options: [
            { id: 'a', label: 'Sales', skillsetId: SALES },
            { id: 'a', label: 'sales!', skillsetId: SUPPORT },
          ],
        },
        faq: [
          { id: 'f', question: 'q1', answer: 'a', keywords: ['x'] },
          { id: 'f', question: 'q2', answer: 'b', keywords: ['y'] },
        ],
        questions: [
          { id: 'q', attributeKey: 'email', prompt: 'E?', type: 'email' },
          { id: 'q', attributeKey: 'age', prompt: 'A?', type: 'number' },
        ],
        goals: ['lead', 'lead'],
      }),
    ).toEqual([
      { field: 'goals[1]', message: 'duplicate goal "lead"' },
      { field: 'menu.options[1].id', message: 'duplicate id (same as menu.options[0])' },
      { field: 'menu.options[1].label', message: 'duplicate label (same as menu.options[0])' },
      { field: 'faq[1].id', message: 'duplicate id (same as faq[0])' },
      { field: 'questions[1].id', message: 'duplicate id (same as questions[0])' },
    ]);
  });

  it('a goal referenced but not declared', () => {
    expect(problems({ goals: [] })).toEqual([
      { field: 'faq[1].goal', message: 'goal "shipping_info" is not declared in goals' },
      { field: 'questions[0].goal', message: 'goal "lead" is not declared in goals' },
    ]);
  });

  it('a question asked by an FAQ entry or following a question that does not exist, or follows itself', () => {
    const base = personality();
    expect(
      problems({
        faq: [{ ...base.faq[0]!, askQuestionId: 'nope' }],
        questions: [
          { ...base.questions[0]!, nextQuestionId: 'email' },
          { ...base.questions[1]!, nextQuestionId: 'gone' },
        ],
        goals: ['lead'],
      }),
    ).toEqual([
      { field: 'faq[0].askQuestionId', message: 'question "nope" does not exist in questions' },
      { field: 'questions[0].nextQuestionId', message: 'a question cannot be followed by itself' },
      { field: 'questions[1].nextQuestionId', message: 'question "gone" does not exist in questions' },
    ]);
  });

  it('overlapping hours, a range that ends before it starts, and no hours at all', () => {
    const withHours = (weekly: Record<string, { from: string; to: string }[]>) =>
      problems({ businessHours: { timezone: 'Europe/Rome', weekly, outOfHoursReply: 'closed' } });
    expect(
      withHours({
        mon: [
          { from: '13:00', to: '18:00' },
          { from: '09:00', to: '13:30' },
        ],
        tue: [
          { from: '09:00', to: '13:00' },
          { from: '13:00', to: '18:00' },
        ],
      }),
    ).toEqual([{ field: 'businessHours.weekly.mon[0]', message: 'overlaps 09:00–13:30' }]);
    expect(withHours({ wed: [{ from: '22:00', to: '02:00' }] })).toEqual([
      { field: 'businessHours.weekly.wed[0]', message: 'must end after it starts (split a range past midnight in two days)' },
      { field: 'businessHours.weekly', message: 'no opening hours on any day: every message would get the out-of-hours reply' },
    ]);
    expect(withHours({ thu: [{ from: '09:00', to: '09:00' }], fri: [{ from: '09:00', to: '10:00' }] })).toHaveLength(1);
  });

  it('a bad time zone', () => {
    expect(problems({ businessHours: { timezone: 'Europe/Atlantis' } })).toEqual([
      { field: 'businessHours.timezone', message: 'unknown time zone "Europe/Atlantis" (use an IANA name such as Europe/Rome)' },
    ]);
    expect(problems({ businessHours: { timezone: 'America/Argentina/Buenos_Aires' } })).toEqual([]);
  });
});

describe('parseBotConfig', () => {
  it('returns the config when schema and checks pass', () => {
    const result = parseBotConfig({ greeting: 'Hello' }, known);
    expect(result).toMatchObject({ ok: true, config: { greeting: 'Hello' } });
  });

  it('turns schema issues into the same { field, message } list, with paths', () => {
    const result = parseBotConfig(
      { menu: { prompt: 'p', options: [{ id: 'a', label: 'x'.repeat(21), skillsetId: SALES }] }, maxMisunderstood: 0 },
      known,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(['menu.options[0].label', 'maxMisunderstood']);
    expect(result.problems[0]!.message).toBe('must be at most 20 characters');
  });

  it('reports the checks when the schema passes', () => {
    expect(parseBotConfig({ questions: [{ id: 'q', attributeKey: 'nope', prompt: 'P', type: 'text' }] }, known)).toEqual({
      ok: false,
      problems: [{ field: 'questions[0].attributeKey', message: 'unknown attribute "nope"' }],
    });
  });
});
