// One world of the sending bench: a scratch database, Parley's web and worker processes on it, WhatsApp numbers
// pointed at the fake Graph API (each with its rate), an approved template and a signed-in admin; then campaigns
// of new contacts written straight into the database and resumed through the API.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, databaseUrl, dropDatabase, scratchName } from '../lib/postgres';
import type { RemoteFake } from './fake-remote';
import { ADMIN, freePort, spawnParley, startWorker, stopProc, until, type Proc } from './processes';

const APP_SECRET = `bench-app-secret-${randomBytes(8).toString('hex')}`;
const SECRET_KEY = `bench-secret-key-${randomBytes(16).toString('hex')}`;
const ACCESS_TOKEN = `EAAG-bench-${randomBytes(8).toString('hex')}`;
const WABA_ID = '102290129340398';
export const TEMPLATE = { name: 'bench_notice', language: 'en_US', body: 'Hello {{1}}, your code is {{2}}.' };

export const log = (line: string) => process.stdout.write(`  ${line}\n`);

export interface World {
  db: string;
  pgc: pg.Client;
  web: Proc;
  baseUrl: string;
  worker: Proc;
  workers: Proc[];
  env: Record<string, string>;
  cookie: string;
  ws: string;
  templateId: string;
  channels: Array<{ id: string; phoneNumberId: string }>;
}

export async function withWorld<T>(
  fake: RemoteFake,
  phase: string,
  numbers: Array<{ phoneNumberId: string; mps: number }>,
  reconcileSeconds: number,
  fn: (w: World) => Promise<T>,
  workers = 1,
): Promise<T> {
  const db = scratchName(`parley_bench_camp_${phase}`);
  await createDatabase(db);
  const url = databaseUrl(db);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: url,
    PARLEY_SECRET_KEY: SECRET_KEY,
    WHATSAPP_APP_SECRET: APP_SECRET,
    HOST: '127.0.0.1',
    PORT: String(port),
    PARLEY_DATA_DIR: join('/tmp', db),
    CAMPAIGN_RECONCILE_SECONDS: String(reconcileSeconds),
  };
  const web = spawnParley('web', env);
  const procs: Proc[] = [web];
  const pgc = new pg.Client({ connectionString: url, application_name: 'parley-bench-poll' });
  try {
    await until('the web process', async () => ((await fetch(`${baseUrl}/readyz`)).status === 200 ? true : undefined), 120_000, 200);
    await pgc.connect();
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = /parley_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error(`login failed: ${login.status}`);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    };
    const ws = (await api('GET', '/workspace')).id as string;
    const channels: World['channels'] = [];
    for (const [i, n] of numbers.entries()) {
      const display = `1555078${String(3881 + i).padStart(4, '0')}`;
      const ch = await api('POST', '/channels/whatsapp', {
        name: `Bench line ${i + 1}`,
        phoneNumberId: n.phoneNumberId,
        wabaId: WABA_ID,
        displayPhoneNumber: `+${display}`,
        accessToken: ACCESS_TOKEN,
        graphBaseUrl: fake.url,
      });
      await fake.registerNumber({
        phoneNumberId: n.phoneNumberId,
        displayPhoneNumber: display,
        wabaId: WABA_ID,
        accessToken: ACCESS_TOKEN,
        appSecret: APP_SECRET,
        webhookUrl: `${baseUrl}/webhooks/whatsapp`,
        mps: n.mps,
        sendRead: false,
      });
      await api('PUT', `/campaigns/senders/${ch.id as string}`, { messagesPerSecond: n.mps, dailyLimit: null });
      channels.push({ id: ch.id as string, phoneNumberId: n.phoneNumberId });
    }
    const tpl = await pgc.query<{ id: string }>(
      `insert into message_templates (workspace_id, waba_id, provider_template_id, name, language, category, status, content, created_at, updated_at)
       values ($1, $2, '8000001', $3, $4, 'marketing', 'approved', $5, now(), now()) returning id`,
      [
        ws,
        WABA_ID,
        TEMPLATE.name,
        TEMPLATE.language,
        JSON.stringify({ body: { text: TEMPLATE.body, examples: ['Ana', '1234'] }, buttons: [] }),
      ],
    );
    const worker = await startWorker(pgc, env);
    procs.push(worker);
    // More worker processes (`--workers`): campaigns' dispatchers spread over them, one per campaign at a time.
    for (let i = 1; i < workers; i++) procs.push(await startWorker(pgc, env));
    const w: World = { db, pgc, web, baseUrl, worker, workers: procs, env, cookie, ws, templateId: tpl.rows[0]!.id, channels };
    log(`${phase}: database ${db}, web pid ${web.child.pid}, worker pid ${worker.child.pid}, fake pid ${fake.pid}`);
    return await fn(w);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- web output ---\n${web.output()}`, { cause: err });
  } finally {
    for (const p of procs) await stopProc(p);
    await pgc.end().catch(() => undefined);
    // No status webhook of this phase may reach the next phase's server (the quiet fake has none due).
    await fake.idle(5000);
    await dropDatabase(db);
  }
}

/** A paused campaign of `n` new contacts (resume it to send). */
export async function createCampaign(w: World, channelId: string, n: number, phoneBase: number): Promise<string> {
  const c = await w.pgc.query<{ id: string }>(
    `insert into campaigns (workspace_id, name, channel_id, template_id, mode, scheduled_at, status, created_at, updated_at, confirmed_at)
     values ($1, $2, $3, $4, 'immediate', now(), 'paused', now(), now(), now()) returning id`,
    [w.ws, `Bench ${phoneBase}`, channelId, w.templateId],
  );
  const id = c.rows[0]!.id;
  for (let from = 0; from < n; from += 20_000) {
    const to = Math.min(n, from + 20_000);
    await w.pgc.query(
      `with people as (
         select g as i, gen_random_uuid() as contact_id, '+1' || ($3::bigint + g)::text as phone from generate_series($4::int, $5::int - 1) g
       ), contacts_made as (
         insert into contacts (workspace_id, id, first_name, phone, source, created_at, updated_at)
         select $1, contact_id, 'Customer ' || i, phone, 'import:bench', now(), now() from people
       )
       insert into campaign_recipients (workspace_id, campaign_id, contact_id, phone, row_no, "values", updated_at)
       select $1, $2, contact_id, phone, i + 1, jsonb_build_object('body', jsonb_build_array('Customer ' || i, (1000 + i)::text)), now() from people`,
      [w.ws, id, phoneBase, from, to],
    );
  }
  await w.pgc.query('analyze campaign_recipients');
  return id;
}

/** Resume through the API, which kicks the campaign's dispatcher. */
export async function resumeCampaign(w: World, id: string): Promise<void> {
  const res = await fetch(`${w.baseUrl}/api/v1/campaigns/${id}/resume`, { method: 'POST', headers: { cookie: w.cookie } });
  if (res.status !== 200) throw new Error(`resume: ${res.status} ${await res.text()}`);
}

export async function campaignStatus(w: World, id: string): Promise<string> {
  const r = await w.pgc.query<{ status: string }>('select status from campaigns where id = $1', [id]);
  return r.rows[0]!.status;
}

export async function stateCounts(w: World, id: string): Promise<Record<string, number>> {
  const r = await w.pgc.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from campaign_recipients where campaign_id = $1 group by status',
    [id],
  );
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
}

export async function waitDone(w: World, ids: string[], fake: RemoteFake, maxMs: number): Promise<void> {
  await until(
    'the campaigns to finish',
    async () => {
      for (const id of ids) if (!(await campaignStatus(w, id)).startsWith('done')) return undefined;
      return true;
    },
    maxMs,
    250,
  );
  await fake.flush();
}

/** Sends per second over the steady part (first to last accepted call). */
export function rateOf(times: readonly number[]): { rate: number; seconds: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const seconds = (sorted.at(-1)! - sorted[0]!) / 1000;
  return { rate: (sorted.length - 1) / seconds, seconds };
}

/** The most calls the fake accepted within any sliding second: what its 130429 check counts (≤ the limit). */
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The shortest time any `rate` consecutive accepted calls took: under 1,000 ms would have been refused (130429). */
export function tightestSecond(times: readonly number[], rate: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let least = Infinity;
  for (let i = rate; i < sorted.length; i++) least = Math.min(least, sorted[i]! - sorted[i - rate]!);
  return least;
}
