// The bot's settings API: a personality that cannot work is refused with every problem named, saves are audited,
// and the test panel shows how the bot answers without storing or sending anything.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../identity/tables';
import { messages } from '../conversations/tables';
import type { BotConfigInput } from './engine';
import { acmePersonality, startBotWorld, type BotWorld } from '../../testing/bot-world';

type BotQuestionInput = NonNullable<BotConfigInput['questions']>[number];

let w: BotWorld;

beforeAll(async () => {
  w = await startBotWorld();
});
afterAll(() => w?.close());

const fields = (res: { json(): { error: { issues: { field: string }[] } } }) => res.json().error.issues.map((i) => i.field);

describe('GET /bot/settings', () => {
  it('before any save: the built-in bot with the default personality', async () => {
    const res = await w.api('GET', '/bot/settings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      mode: 'builtin',
      version: 0,
      updatedAt: null,
      problems: [],
      personality: { enabled: true, greeting: 'Hi! Thanks for writing to us. How can we help?', menu: null, maxMisunderstood: 2 },
    });
  });

  it('needs a signed-in admin', async () => {
    expect((await w.t.app.inject({ method: 'GET', url: '/api/v1/bot/settings' })).statusCode).toBe(401);
  });
});

describe('PUT /bot/settings', () => {
  it('saves the mode and personality (defaults filled in), bumps the version and records an audit entry', async () => {
    const res = await w.api('PUT', '/bot/settings', { mode: 'builtin', personality: acmePersonality(w) });
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved).toMatchObject({ mode: 'builtin', version: 1, problems: [] });
    expect(saved.personality.menu.options).toHaveLength(2);
    expect(saved.personality.stopKeywords).toContain('stop');
    expect(saved.updatedAt).toBe(w.t.clock.now().toISOString());
    const again = await w.api('PUT', '/bot/settings', { mode: 'off' });
    // Without a personality, the saved one is kept.
    expect(again.json()).toMatchObject({ mode: 'off', version: 2, personality: { greeting: 'Hi! Welcome to Acme.' } });
    const audits = await w.t.rt.deps.db.select().from(auditLog).where(eq(auditLog.action, 'settings.bot.updated'));
    expect(audits.map((a) => a.details)).toEqual([
      { mode: 'builtin', personality: 'replaced' },
      { mode: 'off', personality: 'kept' },
    ]);
  });

  it('refuses a menu option pointing at an unknown skillset, or at one deleted since', async () => {
    const gone = (await w.api('POST', '/skillsets', { name: 'Soon gone' })).json().id as string;
    expect((await w.api('DELETE', `/skillsets/${gone}`)).statusCode).toBe(204);
    const options = [
      { id: 'a', label: 'Gone', skillsetId: gone },
      { id: 'b', label: 'Never was', skillsetId: '00000000-0000-4000-8000-000000000000' },
      { id: 'c', label: 'Sales', skillsetId: w.skillsets.sales },
    ];
    const res = await w.api('PUT', '/bot/settings', {
      mode: 'builtin',
      personality: acmePersonality(w, { menu: { prompt: 'Pick', options } }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation_failed',
      issues: [
        { field: 'personality.menu.options.0.skillsetId', message: `unknown skillset ${gone}` },
        { field: 'personality.menu.options.1.skillsetId', message: 'unknown skillset 00000000-0000-4000-8000-000000000000' },
      ],
    });
    expect(res.json().error.message).toMatch(/^The bot cannot work with this personality — personality\.menu\.options\.0\.skillsetId/);
  });

  it('refuses an empty FAQ answer, naming it', async () => {
    const faq = [{ id: 'x', question: 'Opening hours?', keywords: ['open'], answer: '   ' }];
    const res = await w.api('PUT', '/bot/settings', { mode: 'builtin', personality: acmePersonality(w, { faq }) });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['personality.faq.0.answer']);
  });

  it('refuses a question for an unknown attribute, or whose answers its attribute cannot hold', async () => {
    const questions: BotQuestionInput[] = [
      { id: 'nick', attributeKey: 'nickname', prompt: 'Your nickname?', type: 'text' },
      { id: 'age', attributeKey: 'email', prompt: 'How old are you?', type: 'number' },
      { id: 'size', attributeKey: 'size', prompt: 'Size?', type: 'list', options: ['Small', 'Huge'] },
    ];
    const res = await w.api('PUT', '/bot/settings', {
      mode: 'builtin',
      personality: acmePersonality(w, { questions, faq: [], goals: [] }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ field: 'personality.questions.0.attributeKey', message: 'unknown attribute "nickname"' }]);
    const fitting = await w.api('PUT', '/bot/settings', {
      mode: 'builtin',
      personality: acmePersonality(w, { questions: questions.slice(1), faq: [], goals: [] }),
    });
    expect(fitting.json().error.issues).toEqual([
      { field: 'personality.questions.0.type', message: 'a number answer cannot be stored in "email", a text attribute' },
      { field: 'personality.questions.1.options.1', message: '"Huge" is not an option of the attribute "size"' },
    ]);
  });

  it('refuses what the schema refuses (unknown keys, a bad mode) with the field', async () => {
    const res = await w.api('PUT', '/bot/settings', { mode: 'sometimes', personality: { greting: 'hi' } });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(expect.arrayContaining(['mode']));
  });

  it('GET names what stopped working in the saved personality (a skillset deleted after the save)', async () => {
    const temp = (await w.api('POST', '/skillsets', { name: 'Temporary' })).json().id as string;
    const options = [{ id: 't', label: 'Temporary', skillsetId: temp }];
    expect(
      (await w.api('PUT', '/bot/settings', { mode: 'builtin', personality: acmePersonality(w, { menu: { prompt: 'Pick', options } }) }))
        .statusCode,
    ).toBe(200);
    expect((await w.api('DELETE', `/skillsets/${temp}`)).statusCode).toBe(204);
    expect((await w.api('GET', '/bot/settings')).json().problems).toEqual([
      { field: 'personality.menu.options.0.skillsetId', message: `unknown skillset ${temp}` },
    ]);
  });
});

describe('POST /bot/test', () => {
  it('answers with the saved personality: greeting and menu, then a conversation carried on with the returned state', async () => {
    await w.setBot('builtin', acmePersonality(w));
    const first = await w.api('POST', '/bot/test', { text: 'hello' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      rule: 'greeting',
      personality: 'saved',
      mode: 'builtin',
      state: { misunderstood: 0, askedMenu: true },
      actions: [],
      replies: [
        { type: 'text', text: 'Hi! Welcome to Acme.' },
        { type: 'buttons', text: 'How can we help?' },
      ],
    });
    // A pick without handoff: the reply after a pick, the team remembered in the state, nothing handed over.
    const pick = await w.api('POST', '/bot/test', { text: 'Support', interactiveId: 'menu:support', state: first.json().state });
    expect(pick.json()).toMatchObject({
      rule: 'menu',
      actions: [],
      replies: [{ type: 'text', text: 'Thanks! What would you like to know? You can ask for a person at any time.' }],
      state: { misunderstood: 0, skillsetId: w.skillsets.support },
    });
    const faq = await w.api('POST', '/bot/test', { text: 'shipping?', state: pick.json().state });
    expect(faq.json()).toMatchObject({ rule: 'faq', replies: [{ type: 'text', text: 'Shipping is free above €50.' }] });
    // Asking for a person then hands over to the picked team, with an unresolved query.
    const human = await w.api('POST', '/bot/test', { text: 'I want to talk to a human', state: faq.json().state });
    expect(human.json()).toMatchObject({
      rule: 'handoff_phrase',
      actions: [{ type: 'handoff', skillsetId: w.skillsets.support, reason: 'phrase' }, { type: 'unresolved_query' }],
    });
    // Nothing was stored or queued.
    expect(
      await w.t.rt.deps.db
        .select()
        .from(messages)
        .where(and(eq(messages.senderType, 'bot'))),
    ).toEqual([]);
  });

  it('shows the menu as numbered text on a channel without buttons (the website widget)', async () => {
    const res = await w.api('POST', '/bot/test', { text: 'hello', channelKind: 'webchat' });
    expect(res.json().replies[1]).toEqual({ type: 'text', text: 'How can we help?\n\n1. Sales\n2. Support' });
    const two = await w.api('POST', '/bot/test', { text: '2', channelKind: 'webchat', state: res.json().state });
    expect(two.json()).toMatchObject({ rule: 'menu', actions: [], state: { skillsetId: w.skillsets.support } });
  });

  it('an option that hands over at once answers with the handoff to its team and an unresolved query', async () => {
    const base = acmePersonality(w).menu!;
    const personality = acmePersonality(w, {
      menu: { ...base, options: base.options.map((o) => (o.id === 'sales' ? { ...o, handoff: true } : o)) },
    });
    const res = await w.api('POST', '/bot/test', { text: 'Sales', interactiveId: 'menu:sales', state: { misunderstood: 0 }, personality });
    expect(res.json()).toMatchObject({
      rule: 'menu',
      personality: 'draft',
      replies: [{ type: 'text', text: "I'm passing you to a member of our team. Someone will reply here shortly." }],
      actions: [{ type: 'handoff', skillsetId: w.skillsets.sales, reason: 'menu' }, { type: 'unresolved_query' }],
    });
  });

  it('tries a draft personality without saving it, and refuses a draft that does not parse', async () => {
    const draft = { greeting: 'Draft hello', faq: [{ id: 'f', question: 'Parking?', keywords: ['parking'], answer: 'Free parking.' }] };
    const res = await w.api('POST', '/bot/test', { text: 'is there parking', state: { misunderstood: 0 }, personality: draft });
    expect(res.json()).toMatchObject({ personality: 'draft', rule: 'faq', replies: [{ type: 'text', text: 'Free parking.' }] });
    expect((await w.api('GET', '/bot/settings')).json().personality.greeting).toBe('Hi! Welcome to Acme.');
    const bad = await w.api('POST', '/bot/test', { text: 'x', personality: { faq: [{ id: 'f', question: 'q', answer: '' }] } });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toContain('personality.faq.0.answer');
  });

  it('answers at the clock’s now (business hours)', async () => {
    // Open only on the day after tomorrow (UTC): now is out of hours.
    const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
    const openDay = days[(w.t.clock.now().getUTCDay() + 2) % 7]!;
    const businessHours = { timezone: 'UTC', weekly: { [openDay]: [{ from: '09:00', to: '17:00' }] }, outOfHoursReply: 'Closed.' };
    const res = await w.api('POST', '/bot/test', { text: 'hello', personality: acmePersonality(w, { businessHours }) });
    expect(res.json()).toMatchObject({ rule: 'out_of_hours', replies: [{ type: 'text', text: 'Closed.' }] });
  });
});
