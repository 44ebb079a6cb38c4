// Test world of the external bot suites (not a suite): a real local bot over HTTP that checks our signature and
// answers by script, keyed by the message text, and a Parley taking WhatsApp webhooks whose bot.external jobs
// the suites run by hand.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from './test-app';
import { connectWhatsApp, postWebhook, processPending, textWebhook, whatsappEnv } from './whatsapp';
import { contacts } from '../modules/contacts/tables';
import { conversations, messages } from '../modules/conversations/tables';
import { externalBotJob, type ExternalBotJobData } from '../modules/bot/external/job';
import { runExternalBot } from '../modules/bot/external/run-external-bot';
import { externalBotDeliveries } from '../modules/bot/external/tables';

export const SECRET = 'bot-shared-secret-0123456789';

// ── A local test bot: checks the signature with its own HMAC and answers by script, keyed by the message text ──

interface Seen {
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  signatureOk: boolean;
}
export type Script = (event: { message: { text: string } }, res: http.ServerResponse) => void | Promise<void>;

export const seen: Seen[] = [];
export const scripts = new Map<string, Script>();
/** The test bot's own secret (a test may make it disagree with Parley's) and its URL. */
export const testBot = { secret: SECRET, url: '' };
let server: http.Server;

export const json = (res: http.ServerResponse, body: unknown, status = 200) => {
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
      const expected = `sha256=${createHmac('sha256', testBot.secret).update(`${ts}.${raw}`).digest('hex')}`;
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
  testBot.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/parley`;
}

// ── Parley ──

export let t: TestApp;
export let admin: string;
export let workspaceId: string;
export let supportId: string;
let customerSeq = 0;
export const done = new Set<string>();

export const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });
export const db = () => t.rt.deps.db;

export async function pendingBotJobs(): Promise<{ id: string; data: ExternalBotJobData }[]> {
  const r = await db().execute(sql`select id::text as id, data from pgboss.job where name = ${externalBotJob.name} order by created_on`);
  return (r as unknown as { rows: { id: string; data: ExternalBotJobData }[] }).rows.filter((j) => !done.has(j.id));
}

/** Run every queued bot.external job once, as a worker would. */
export async function runBotJobs(): Promise<ExternalBotJobData[]> {
  const jobs = await pendingBotJobs();
  for (const j of jobs) {
    done.add(j.id);
    await runExternalBot(t.rt.deps, externalBotJob.schema.parse(j.data));
  }
  return jobs.map((j) => j.data);
}

/** A new customer writes `text`; returns their conversation once the external bot has had its turn. */
export async function customerSays(text: string, opts: { runJobs?: boolean } = {}) {
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

export const conversation = async (id: string) => (await db().select().from(conversations).where(eq(conversations.id, id)))[0]!;
export const botMessages = (conversationId: string) =>
  db()
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.senderType, 'bot')))
    .orderBy(messages.createdAt, messages.seq);
export const delivery = async (conversationId: string) =>
  (await db().select().from(externalBotDeliveries).where(eq(externalBotDeliveries.conversationId, conversationId)))[0];

export async function saveBot(extra: object = {}) {
  const res = await api('PUT', '/bot/external', {
    url: testBot.url,
    secret: SECRET,
    allowPrivateNetwork: true,
    timeoutMs: 1000,
    fallbackReply: 'Sorry, our assistant is unavailable.',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

/** Starts the test bot and a Parley with WhatsApp, the external bot on, a skillset and two attributes; stops both after the suite. */
export function useExternalBotWorld(): void {
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
}
