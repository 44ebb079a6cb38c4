// The external bot end to end: its settings, the protocol (signed events, replies, actions) and the test event,
// against a real local bot over HTTP (testing/external-bot-world.ts).
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { postWebhook, processPending, textWebhook } from '../../../testing/whatsapp';
import { contactAttributeValues, contacts, goalCompletions } from '../../contacts/tables';
import { messages } from '../../conversations/tables';
import { externalBotSettings } from './tables';
import {
  admin,
  api,
  botMessages,
  conversation,
  customerSays,
  db,
  delivery,
  json,
  runBotJobs,
  saveBot,
  scripts,
  SECRET,
  seen,
  supportId,
  t,
  testBot,
  useExternalBotWorld,
  workspaceId,
} from '../../../testing/external-bot-world';

useExternalBotWorld();

describe('settings', () => {
  it('never returns the secret, only whether one is set', async () => {
    const res = await api('GET', '/bot/external');
    expect(res.json()).toMatchObject({ configured: true, url: testBot.url, secretSet: true, timeoutMs: 1000, allowPrivateNetwork: true });
    expect(res.body).not.toContain(SECRET);
    const [row] = await db().select().from(externalBotSettings).where(eq(externalBotSettings.workspaceId, workspaceId));
    expect(row!.sealedSecret).not.toContain(SECRET);
  });

  it('refuses bad settings with a 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ url: 'ftp://bot.example.com/' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ timeoutMs: 20_000 }, 'timeoutMs'],
      [{ timeoutMs: 10 }, 'timeoutMs'],
      [{ secret: 'short' }, 'secret'],
      [{ fallbackReply: '' }, 'fallbackReply'],
    ];
    for (const [extra, field] of cases) {
      const res = await api('PUT', '/bot/external', { url: testBot.url, allowPrivateNetwork: true, ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().error.issues[0].field).toBe(field);
    }
  });

  it('refuses, at save time, a URL on a private network without the opt-in', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hook',
      'http://localhost:8080/hook',
      'http://10.0.0.7/hook',
      'http://0x7f000001/hook',
    ]) {
      const res = await api('PUT', '/bot/external', { url, secret: SECRET });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.issues[0].field).toBe('url');
    }
    // Nothing changed.
    expect((await api('GET', '/bot/external')).json().url).toBe(testBot.url);
  });

  it('is for admins only and audited', async () => {
    await api('POST', '/users', { email: 'agent@demo.test', name: 'Agent', role: 'agent', password: 'long enough password' });
    const agent = await t.login('agent@demo.test', 'long enough password');
    const get = await t.app.inject({ method: 'GET', url: '/api/v1/bot/external', headers: { cookie: agent } });
    expect(get.statusCode).toBe(403);
    const audit = await db().execute(sql`select count(*)::int as n from audit_log where action = 'bot.external_updated'`);
    expect((audit as unknown as { rows: { n: number }[] }).rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('the protocol', () => {
  it('posts a signed event with the contact, its attributes and the message', async () => {
    seen.length = 0;
    const { contact, conversationId } = await customerSays('hello bot');
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.signatureOk).toBe(true);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-parley-timestamp']).toBe(String(Math.floor(t.clock.now().getTime() / 1000)));
    const [inbound] = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'in')));
    expect(req.headers['x-parley-event-id']).toBe(inbound!.id);
    expect(req.body).toMatchObject({
      event: 'message',
      id: inbound!.id,
      workspaceId,
      conversation: { id: conversationId, state: 'bot', channelKind: 'whatsapp' },
      contact: { id: contact.id, name: 'Customer hello bot', attributes: {} },
      message: { id: inbound!.id, type: 'text', text: 'hello bot' },
    });
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['echo: hello bot']);
    expect(await delivery(conversationId)).toMatchObject({ outcome: 'applied', httpStatus: 200 });
  });

  it('sends replies and buttons, in order', async () => {
    scripts.set('menu please', (_e, res) =>
      json(res, {
        replies: [
          { type: 'text', text: 'Here is the menu' },
          {
            type: 'buttons',
            text: 'Choose one',
            buttons: [
              { id: 'sales', title: 'Sales' },
              { id: 'support', title: 'Support' },
            ],
          },
        ],
      }),
    );
    const { conversationId } = await customerSays('menu please');
    const sent = await botMessages(conversationId);
    expect(sent.map((m) => m.type)).toEqual(['text', 'buttons']);
    expect(sent[1]!.content).toMatchObject({
      type: 'buttons',
      text: 'Choose one',
      buttons: [
        { id: 'sales', title: 'Sales' },
        { id: 'support', title: 'Support' },
      ],
    });
    expect((await conversation(conversationId)).state).toBe('bot');
  });

  it('hands off to a skillset: the conversation waits in its queue, with an unresolved query counted', async () => {
    scripts.set('a human please', (_e, res) =>
      json(res, { replies: [{ type: 'text', text: 'Passing you to Support' }], actions: [{ type: 'handoff', skillsetId: supportId }] }),
    );
    const { contact, conversationId } = await customerSays('a human please');
    const c = await conversation(conversationId);
    expect(c.state).toBe('waiting');
    expect(c.waitingSkillsetId).toBe(supportId);
    const [after] = await db().select().from(contacts).where(eq(contacts.id, contact.id));
    expect(after!.unresolvedQueries).toBe(1);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Passing you to Support']);
  });

  it('sets an attribute and records a goal', async () => {
    scripts.set('I live in Rome', (_e, res) =>
      json(res, {
        actions: [
          { type: 'set_attribute', key: 'city', value: 'Rome' },
          { type: 'set_attribute', key: 'orders', value: 2 },
          { type: 'goal', name: 'city_known' },
        ],
      }),
    );
    const { contact, conversationId } = await customerSays('I live in Rome');
    const values = await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.contactId, contact.id));
    expect(Object.fromEntries(values.map((v) => [v.key, v.valueText ?? v.valueNumber]))).toEqual({ city: 'Rome', orders: 2 });
    const goals = await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conversationId));
    expect(goals.map((g) => g.name)).toEqual(['city_known']);
    expect(await botMessages(conversationId)).toEqual([]);
    // The customer's next event carries the attributes.
    seen.length = 0;
    await postWebhook(
      t,
      textWebhook({ waId: contact.phone!.replace('+', ''), name: 'Customer I live in Rome' }, 'what do you know?', t.clock.now()),
    );
    await processPending(t);
    await runBotJobs();
    expect(seen[0]!.body).toMatchObject({ contact: { id: contact.id, attributes: { city: 'Rome', orders: 2 } } });
  });

  it('closes the conversation with the bot’s reason', async () => {
    scripts.set('bye', (_e, res) =>
      json(res, { replies: [{ type: 'text', text: 'Goodbye!' }], actions: [{ type: 'close', reason: 'resolved by bot' }] }),
    );
    const { conversationId } = await customerSays('bye');
    const c = await conversation(conversationId);
    expect(c.state).toBe('closed');
    expect(c.closedReason).toBe('resolved by bot');
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Goodbye!']);
  });
});

describe('send test event', () => {
  it('returns status, latency and the parsed answer', async () => {
    scripts.set('test please', (_e, res) => json(res, { replies: [{ type: 'text', text: 'Test OK' }] }));
    seen.length = 0;
    const res = await api('POST', '/bot/external/test', { text: 'test please' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, status: 200, answer: { replies: [{ type: 'text', text: 'Test OK' }] }, reason: null });
    expect(res.json().latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen[0]!.signatureOk).toBe(true);
    expect(seen[0]!.body).toMatchObject({ event: 'message', test: true });
    // The button sends no body at all.
    const bare = await t.app.inject({ method: 'POST', url: '/api/v1/bot/external/test', headers: { cookie: admin } });
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json()).toMatchObject({
      ok: true,
      answer: { replies: [{ type: 'text', text: 'echo: Hello! This is a test event from Parley.' }] },
    });
  });

  it('says so when nothing is configured yet', async () => {
    await db().delete(externalBotSettings).where(eq(externalBotSettings.workspaceId, workspaceId));
    const res = await api('POST', '/bot/external/test', {});
    expect(res.statusCode).toBe(409);
    expect((await api('GET', '/bot/external')).json()).toMatchObject({ configured: false, secretSet: false, url: null, timeoutMs: 5000 });
    const first = await api('PUT', '/bot/external', { url: testBot.url, allowPrivateNetwork: true });
    expect(first.statusCode).toBe(400);
    expect(first.json().error.issues[0].field).toBe('secret');
    await saveBot();
  });

  it('returns the precise reason a refused answer would be refused', async () => {
    scripts.set('test bad', (_e, res) => json(res, { actions: [{ type: 'launch' }] }));
    const bad = await api('POST', '/bot/external/test', { text: 'test bad' });
    expect(bad.json()).toMatchObject({ ok: false, status: 200, answer: null });
    expect(bad.json().reason).toContain('actions.0.type');
    scripts.set('test slow', (_e, res) => void setTimeout(() => json(res, {}), 1500));
    const slow = await api('POST', '/bot/external/test', { text: 'test slow' });
    expect(slow.json()).toMatchObject({ ok: false, status: null });
    expect(slow.json().reason).toMatch(/timeout/);
  });
});
