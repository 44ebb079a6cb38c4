// The external bot end to end: WhatsApp webhooks in, a real local bot over HTTP (checking our signature), the
// bot.external job run by hand, and what the answer did to the conversation, the contact and the outbox.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { connectWhatsApp, postWebhook, processPending, textWebhook, whatsappEnv } from '../../../testing/whatsapp';
import { contactAttributeValues, contacts, goalCompletions } from '../../contacts/tables';
import { conversations, messages } from '../../conversations/tables';
import { externalBotJob, type ExternalBotJobData } from './job';
import { runExternalBot } from './run-external-bot';
import { externalBotDeliveries, externalBotSettings } from './tables';

const SECRET = 'bot-shared-secret-0123456789';

// ── A local test bot: checks the signature with its own HMAC and answers by script, keyed by the message text ──

interface Seen {
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  signatureOk: boolean;
}
type Script = (event: { message: { text: string } }, res: http.ServerResponse) => void | Promise<void>;

const seen: Seen[] = [];
const scripts = new Map<string, Script>();
let botSecret = SECRET;
let botUrl: string;
let server: http.Server;

const json = (res: http.ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

async function startBot() {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-parley-timestamp']);
      const expected = `sha256=${createHmac('sha256', botSecret).update(`${ts}.${raw}`).digest('hex')}`;
      const signatureOk = req.headers['x-parley-signature'] === expected;
      const body = JSON.parse(raw) as { message: { text: string } };
      seen.push({ body: body as unknown as Record<string, unknown>, headers: req.headers, signatureOk });
      if (!signatureOk) return json(res, { error: 'bad signature' }, 401);
      const script = scripts.get(body.message.text);
      if (!script) return json(res, { replies: [{ type: 'text', text: `echo: ${body.message.text}` }] });
      void script(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley`;
}

// ── Parley ──

let t: TestApp;
let admin: string;
let workspaceId: string;
let supportId: string;
let customerSeq = 0;
const done = new Set<string>();

const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });
const db = () => t.rt.deps.db;

async function pendingBotJobs(): Promise<{ id: string; data: ExternalBotJobData }[]> {
  const r = await db().execute(sql`select id::text as id, data from pgboss.job where name = ${externalBotJob.name} order by created_on`);
  return (r as unknown as { rows: { id: string; data: ExternalBotJobData }[] }).rows.filter((j) => !done.has(j.id));
}

/** Run every queued bot.external job once, as a worker would. */
async function runBotJobs(): Promise<ExternalBotJobData[]> {
  const jobs = await pendingBotJobs();
  for (const j of jobs) {
    done.add(j.id);
    await runExternalBot(t.rt.deps, externalBotJob.schema.parse(j.data));
  }
  return jobs.map((j) => j.data);
}

/** A new customer writes `text`; returns their conversation once the external bot has had its turn. */
async function customerSays(text: string, opts: { runJobs?: boolean } = {}) {
  const waId = `1650777${String(1000 + customerSeq++)}`;
  await postWebhook(t, textWebhook({ waId, name: `Customer ${text}` }, text, t.clock.now()));
  await processPending(t);
  const [contact] = await db()
    .select()
    .from(contacts)
    .where(eq(contacts.channelName, `Customer ${text}`));
  const [conversation] = await db().select().from(conversations).where(eq(conversations.contactId, contact!.id));
  const jobs = opts.runJobs === false ? [] : await runBotJobs();
  return { contact: contact!, conversationId: conversation!.id, jobs };
}

const conversation = async (id: string) => (await db().select().from(conversations).where(eq(conversations.id, id)))[0]!;
const botMessages = (conversationId: string) =>
  db()
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.senderType, 'bot')))
    .orderBy(messages.createdAt, messages.seq);
const delivery = async (conversationId: string) =>
  (await db().select().from(externalBotDeliveries).where(eq(externalBotDeliveries.conversationId, conversationId)))[0];

async function saveBot(extra: object = {}) {
  const res = await api('PUT', '/bot/external', {
    url: botUrl,
    secret: SECRET,
    allowPrivateNetwork: true,
    timeoutMs: 1000,
    fallbackReply: 'Sorry, our assistant is unavailable.',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

beforeAll(async () => {
  await startBot();
  t = await startTestApp({ env: whatsappEnv });
  admin = await t.login();
  workspaceId = (await api('GET', '/workspace')).json().id;
  await connectWhatsApp(t, admin);
  expect((await api('PUT', '/bot/settings', { mode: 'external' })).statusCode).toBe(200);
  supportId = (await api('POST', '/skillsets', { name: 'Support' })).json().id;
  expect((await api('POST', '/attributes', { key: 'city', label: 'City', type: 'text' })).statusCode).toBe(201);
  expect((await api('POST', '/attributes', { key: 'orders', label: 'Orders', type: 'number' })).statusCode).toBe(201);
  await saveBot();
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => server?.close(r));
});

describe('settings', () => {
  it('never returns the secret, only whether one is set', async () => {
    const res = await api('GET', '/bot/external');
    expect(res.json()).toMatchObject({ configured: true, url: botUrl, secretSet: true, timeoutMs: 1000, allowPrivateNetwork: true });
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
      const res = await api('PUT', '/bot/external', { url: botUrl, allowPrivateNetwork: true, ...extra });
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
    expect((await api('GET', '/bot/external')).json().url).toBe(botUrl);
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

describe('refused answers: fallback sent, logged, nothing applied', () => {
  const refusals: [string, Script, RegExp][] = [
    ['slow', (_e, res) => void setTimeout(() => json(res, { replies: [{ type: 'text', text: 'late' }] }), 1500), /timeout/],
    ['not json', (_e, res) => json(res, 'Sure! I can help with that.'), /not JSON/],
    ['huge', (_e, res) => json(res, { replies: [{ type: 'text', text: 'x'.repeat(200_000) }] }), /larger than 65536 bytes/],
    [
      'huge streamed',
      (_e, res) => {
        // No content-length: the cap is enforced while reading.
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < 100; i++) res.write('x'.repeat(1024));
        res.end();
      },
      /larger than 65536 bytes/,
    ],
    [
      'unknown action',
      (_e, res) => json(res, { replies: [{ type: 'text', text: 'ok' }], actions: [{ type: 'transfer_money', amount: 5 }] }),
      /actions\.0\.type/,
    ],
    ['too many', (_e, res) => json(res, { replies: Array.from({ length: 6 }, (_, i) => ({ type: 'text', text: `r${i}` })) }), /replies/],
    [
      'four buttons',
      (_e, res) => json(res, { replies: [{ type: 'buttons', text: 'x', buttons: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })) }] }),
      /buttons/,
    ],
    ['server error', (_e, res) => json(res, { error: 'boom' }, 500), /HTTP 500/],
    [
      'redirect',
      (_e, res) => {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      },
      /redirect/,
    ],
    [
      'bad attribute',
      (_e, res) =>
        json(res, { replies: [{ type: 'text', text: 'Noted' }], actions: [{ type: 'set_attribute', key: 'orders', value: 'many' }] }),
      /actions\.0.*orders/,
    ],
    [
      'unknown attribute',
      (_e, res) =>
        json(res, {
          actions: [
            { type: 'goal', name: 'g' },
            { type: 'set_attribute', key: 'shoe_size', value: 42 },
          ],
        }),
      /shoe_size/,
    ],
    [
      'unknown skillset',
      (_e, res) =>
        json(res, {
          replies: [{ type: 'text', text: 'Transferring' }],
          actions: [{ type: 'handoff', skillsetId: '6f1c1b8e-0a43-4d7e-9a3e-2b1c9d0e8f7a' }],
        }),
      /skillset/,
    ],
  ];

  it.each(refusals)('%s', async (text, script, reason) => {
    scripts.set(text, script);
    const warn = vi.spyOn(t.rt.deps.log, 'warn');
    const { contact, conversationId } = await customerSays(text);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Sorry, our assistant is unavailable.']);
    const d = await delivery(conversationId);
    expect(d).toMatchObject({ outcome: 'fallback' });
    expect(d!.reason).toMatch(reason);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ workspaceId, eventId: d!.messageId, reason: d!.reason }),
      expect.stringContaining('fallback'),
    );
    warn.mockRestore();
    // Nothing of the answer applied.
    expect((await conversation(conversationId)).state).toBe('bot');
    expect(await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conversationId))).toEqual([]);
    expect(await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.contactId, contact.id))).toEqual([]);
  });

  it('a bot that checks the signature refuses one made with another secret (detectable: 401 → fallback)', async () => {
    botSecret = 'the-bot-knows-another-secret';
    seen.length = 0;
    const { conversationId } = await customerSays('signed wrong');
    botSecret = SECRET;
    expect(seen[0]!.signatureOk).toBe(false);
    expect((await delivery(conversationId))!.reason).toMatch(/HTTP 401/);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Sorry, our assistant is unavailable.']);
  });

  it('rotating the secret signs with the new one', async () => {
    await saveBot({ secret: 'a-brand-new-secret-0123456789' });
    botSecret = 'a-brand-new-secret-0123456789';
    seen.length = 0;
    await customerSays('after rotation');
    expect(seen[0]!.signatureOk).toBe(true);
    // Omitting the secret keeps it.
    await saveBot({ secret: undefined });
    seen.length = 0;
    await customerSays('kept secret');
    expect(seen[0]!.signatureOk).toBe(true);
    botSecret = SECRET;
    await saveBot();
  });
});

describe('when the bot may not speak any more', () => {
  it('skips the answer when an agent took the conversation during the call', async () => {
    let conversationIdSeen = '';
    scripts.set('take over', async (e, res) => {
      conversationIdSeen = (e as unknown as { conversation: { id: string } }).conversation.id;
      await db().update(conversations).set({ state: 'assigned' }).where(eq(conversations.id, conversationIdSeen));
      json(res, { replies: [{ type: 'text', text: 'too late' }], actions: [{ type: 'goal', name: 'late' }] });
    });
    const { conversationId } = await customerSays('take over');
    expect(conversationIdSeen).toBe(conversationId);
    expect(await botMessages(conversationId)).toEqual([]);
    expect(await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conversationId))).toEqual([]);
    expect(await delivery(conversationId)).toMatchObject({ outcome: 'skipped', reason: 'the conversation is now assigned' });
  });

  it('does not call the bot for a paused contact', async () => {
    seen.length = 0;
    const { contact, conversationId } = await customerSays('paused', { runJobs: false });
    await db()
      .update(contacts)
      .set({ botPausedUntil: new Date(t.clock.now().getTime() + 600_000) })
      .where(eq(contacts.id, contact.id));
    await runBotJobs();
    expect(seen).toEqual([]);
    expect(await delivery(conversationId)).toMatchObject({ outcome: 'skipped', reason: 'the bot is paused for this contact' });
  });

  it('a re-run of the job for the same message sends nothing twice', async () => {
    seen.length = 0;
    const { conversationId, jobs } = await customerSays('only once');
    expect(jobs).toHaveLength(1);
    await runExternalBot(t.rt.deps, jobs[0]!);
    await Promise.all([runExternalBot(t.rt.deps, jobs[0]!), runExternalBot(t.rt.deps, jobs[0]!)]);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['echo: only once']);
    expect(seen).toHaveLength(1);
  });

  it('two runs racing on one message apply its answer once', async () => {
    const { conversationId, jobs } = await customerSays('race', { runJobs: false });
    expect(jobs).toEqual([]);
    const [job] = await pendingBotJobs();
    done.add(job!.id);
    const data = externalBotJob.schema.parse(job!.data);
    await Promise.all([runExternalBot(t.rt.deps, data), runExternalBot(t.rt.deps, data)]);
    expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['echo: race']);
  });
});

describe('SSRF at call time', () => {
  it('refuses a URL that now points at a private address without the opt-in (DNS changed after saving)', async () => {
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9/hook',
      'http://localhost:9/hook',
    ]) {
      await db()
        .update(externalBotSettings)
        .set({ url, allowPrivateNetwork: false })
        .where(eq(externalBotSettings.workspaceId, workspaceId));
      seen.length = 0;
      const { conversationId } = await customerSays(`ssrf ${url}`);
      expect(seen).toEqual([]);
      const d = await delivery(conversationId);
      expect(d, url).toMatchObject({ outcome: 'fallback' });
      expect(d!.reason).toMatch(/url refused/);
      expect((await botMessages(conversationId)).map((m) => m.text)).toEqual(['Sorry, our assistant is unavailable.']);
    }
    await saveBot();
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
    const first = await api('PUT', '/bot/external', { url: botUrl, allowPrivateNetwork: true });
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
