// Campaign sending on PostgreSQL against the fake Graph API (in this harness process; Parley runs in its own):
//   1. the achieved send rate at a number's configured limit, 80 and 1,000 messages/s (goal: within ±5 %);
//   2. the aggregate rate over several numbers at once (goal ≥ 2,000/s);
//   3. the kill test: `kill -9` of the worker at random moments, 20 times, during a 100,000-recipient campaign
//      (restarted each time), then duplicates (the fake records every accepted call with its
//      biz_opaque_callback_data; goal 0) and lost recipients (must be 0).
//
//   node --import tsx bench/campaigns.bench.ts [--seconds 20] [--numbers 3] [--perNumber 12000] [--killRecipients 100000] [--kills 20]
//
// Parley runs from source (`node --import tsx apps/server/src/cli.ts web|worker`: no bundle to keep fresh), as two
// processes sharing one scratch database: `web` takes the fake's status webhooks, `worker` sends (the one killed).
// The fake enforces each number's rate on arrival (130429 above it), as WhatsApp does; 130429s are reported.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startFakeGraph, type FakeGraph } from '../apps/server/src/modules/channels/whatsapp/fake-graph/index';
import { intOptions, isMain } from './lib/cli';
import { adminUrl, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, repoRoot, round, type Figure } from './lib/report';

export const campaignsDefaults = {
  /** Seconds of sending at each single-number rate (80/s and 1,000/s). */
  seconds: 20,
  /** Numbers sending at once in the aggregate run, each at 1,000/s, with `perNumber` recipients each. */
  numbers: 3,
  perNumber: 12_000,
  /** The kill test's campaign, and how many times its worker is killed. */
  killRecipients: 100_000,
  kills: 20,
  /** Seconds a lost answer waits for its status before it may be resent (CAMPAIGN_RECONCILE_SECONDS). */
  reconcileSeconds: 20,
  /** 1: the fake sends no status webhooks in the rate and aggregate runs (the pipeline alone; the kill test keeps them). */
  statusesOff: 0,
};
export type CampaignsOptions = typeof campaignsDefaults;

const APP_SECRET = `bench-app-secret-${randomBytes(8).toString('hex')}`;
const SECRET_KEY = `bench-secret-key-${randomBytes(16).toString('hex')}`;
const ACCESS_TOKEN = `EAAG-bench-${randomBytes(8).toString('hex')}`;
const WABA_ID = '102290129340398';
const ADMIN = { email: 'bench@parley.local', password: 'bench-password-1234' };
const TEMPLATE = { name: 'bench_notice', language: 'en_US', body: 'Hello {{1}}, your code is {{2}}.' };
const CLI = join(repoRoot, 'apps/server/src/cli.ts');

const log = (line: string) => process.stdout.write(`  ${line}\n`);

// ——— the processes ———

interface Proc {
  child: ChildProcess;
  output(): string;
  /** JSON log lines (pino) seen so far. */
  logs: Array<Record<string, unknown>>;
}

// Children still running when the harness dies (an error, Ctrl-C) must not outlive it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

function spawnParley(role: 'web' | 'worker', env: Record<string, string>): Proc {
  // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the sending process.
  const extra = role === 'worker' ? (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', CLI, role], {
    cwd: repoRoot,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', PARLEY_ADMIN_EMAIL: ADMIN.email, PARLEY_ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let text = '';
  const logs: Array<Record<string, unknown>> = [];
  let partial = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      try {
        const j = JSON.parse(l) as Record<string, unknown>;
        if (j.msg === 'campaign recipients reconciled') logs.push(j);
      } catch {
        // not JSON
      }
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => text, logs };
}

async function stopProc(p: Proc, sig: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  p.child.kill(sig);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number, every = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

// ——— one world: scratch database, web + worker, numbers, a signed-in admin ———

interface World {
  db: string;
  url: string;
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

async function withWorld<T>(
  fake: FakeGraph,
  phase: string,
  numbers: Array<{ phoneNumberId: string; mps: number }>,
  opts: CampaignsOptions,
  fn: (w: World) => Promise<T>,
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
    CAMPAIGN_RECONCILE_SECONDS: String(opts.reconcileSeconds),
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
      fake.registerNumber({
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
    const w: World = {
      db,
      url,
      pgc,
      web,
      baseUrl,
      worker,
      workers: procs,
      env,
      cookie,
      ws,
      templateId: tpl.rows[0]!.id,
      channels,
    };
    log(`${phase}: database ${db}, web pid ${web.child.pid}, worker pid ${worker.child.pid}`);
    return await fn(w);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- web output ---\n${web.output()}`, { cause: err });
  } finally {
    for (const p of procs) await stopProc(p);
    await pgc.end().catch(() => undefined);
    // No status webhook of this phase may reach the next phase's server (the quiet fake has none due).
    await Promise.race([fake.idle(), sleep(5000)]);
    await dropDatabase(db);
  }
}

/** A worker is ready once its boot scan job exists (it is enqueued after every queue is being worked). */
async function startWorker(pgc: pg.Client, env: Record<string, string>): Promise<Proc> {
  const since = new Date();
  const worker = spawnParley('worker', env);
  await until(
    'the worker',
    async () => {
      if (worker.child.exitCode !== null) throw new Error(`worker exited: ${worker.output()}`);
      const r = await pgc.query(`select 1 from pgboss.job where name = 'campaigns.scan' and created_on >= $1 limit 1`, [since]);
      return r.rowCount ? true : undefined;
    },
    120_000,
    100,
  );
  return worker;
}

/** A paused campaign of `n` new contacts, resumed through the API (which kicks its dispatcher). */
async function campaign(w: World, channelId: string, n: number, phoneBase: number): Promise<string> {
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
  const res = await fetch(`${w.baseUrl}/api/v1/campaigns/${id}/resume`, { method: 'POST', headers: { cookie: w.cookie } });
  if (res.status !== 200) throw new Error(`resume: ${res.status} ${await res.text()}`);
  return id;
}

async function campaignStatus(w: World, id: string) {
  const r = await w.pgc.query<{ status: string }>('select status from campaigns where id = $1', [id]);
  return r.rows[0]!.status;
}

async function stateCounts(w: World, id: string): Promise<Record<string, number>> {
  const r = await w.pgc.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from campaign_recipients where campaign_id = $1 group by status',
    [id],
  );
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
}

// ——— what the fake saw: every accepted call (by its biz_opaque) and every refusal, kept past the fake's record limit ———

class Tally {
  readonly byOpaque = new Map<string, number>();
  readonly times = new Map<string, number[]>();
  refused429 = 0;
  /** Status webhooks Parley did not acknowledge: WhatsApp would retry them for days; the fake does not. */
  webhooksLost = 0;
  private seen = new WeakSet<object>();
  private seenRequests = new WeakSet<object>();
  private seenDeliveries = new WeakSet<object>();
  constructor(private readonly fake: FakeGraph) {}

  poll(): void {
    for (const s of this.fake.sent()) {
      if (this.seen.has(s)) continue;
      this.seen.add(s);
      const key = String(s.body.biz_opaque_callback_data);
      this.byOpaque.set(key, (this.byOpaque.get(key) ?? 0) + 1);
      let list = this.times.get(s.phoneNumberId);
      if (!list) this.times.set(s.phoneNumberId, (list = []));
      list.push(s.at);
    }
    for (const r of this.fake.requests) {
      if (this.seenRequests.has(r)) continue;
      this.seenRequests.add(r);
      if ((r.response as { error?: { code?: number } } | undefined)?.error?.code === 130429) this.refused429++;
    }
    for (const d of this.fake.deliveries) {
      if (this.seenDeliveries.has(d)) continue;
      this.seenDeliveries.add(d);
      if (d.responseStatus !== 200) this.webhooksLost++;
    }
  }

  duplicates(): number {
    let d = 0;
    for (const n of this.byOpaque.values()) d += n - 1;
    return d;
  }
}

/** Sends per second over the steady part (first to last accepted call of each number). */
function rateOf(times: number[]): { rate: number; seconds: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const seconds = (sorted.at(-1)! - sorted[0]!) / 1000;
  return { rate: (sorted.length - 1) / seconds, seconds };
}

async function waitDone(w: World, ids: string[], tally: Tally, maxMs: number): Promise<void> {
  await until(
    'the campaigns to finish',
    async () => {
      tally.poll();
      for (const id of ids) if (!(await campaignStatus(w, id)).startsWith('done')) return undefined;
      return true;
    },
    maxMs,
    250,
  );
  tally.poll();
}

// ——— the phases ———

async function ratePhase(fake: FakeGraph, mps: number, opts: CampaignsOptions): Promise<Figure[]> {
  fake.reset();
  const phoneNumberId = String(106540352242900 + mps);
  return withWorld(fake, `rate${mps}`, [{ phoneNumberId, mps }], opts, async (w) => {
    const tally = new Tally(fake);
    const n = mps * opts.seconds;
    const id = await campaign(w, w.channels[0]!.id, n, 16505000000);
    log(`rate ${mps}/s: ${n} recipients…`);
    await waitDone(w, [id], tally, (opts.seconds * 4 + 120) * 1000);
    const { rate, seconds } = rateOf(tally.times.get(phoneNumberId) ?? []);
    if (process.env.BENCH_DEBUG) log(`worker output:\n${w.worker.output()}`);
    log(
      `achieved ${rate.toFixed(1)}/s over ${seconds.toFixed(1)} s (${(((rate - mps) / mps) * 100).toFixed(1)} %), 130429: ${tally.refused429}`,
    );
    return [
      { metric: `limit ${mps}/s: achieved send rate`, unit: 'msgs/s', value: rate },
      { metric: `limit ${mps}/s: deviation from the limit`, unit: '%', value: ((rate - mps) / mps) * 100 },
      { metric: `limit ${mps}/s: 130429 answers`, unit: 'count', value: tally.refused429 },
      { metric: `limit ${mps}/s: duplicates`, unit: 'count', value: tally.duplicates() },
    ];
  });
}

async function aggregatePhase(fake: FakeGraph, opts: CampaignsOptions): Promise<Figure[]> {
  fake.reset();
  const numbers = Array.from({ length: opts.numbers }, (_, i) => ({ phoneNumberId: String(106540352243000 + i), mps: 1000 }));
  return withWorld(fake, 'aggregate', numbers, opts, async (w) => {
    const tally = new Tally(fake);
    const ids: string[] = [];
    for (const [i, ch] of w.channels.entries()) ids.push(await campaign(w, ch.id, opts.perNumber, 16506000000 + i * 1_000_000));
    log(`aggregate: ${opts.numbers} numbers × ${opts.perNumber} recipients at 1,000/s each…`);
    await waitDone(w, ids, tally, 600_000);
    const all = [...tally.times.values()].flat();
    const { rate, seconds } = rateOf(all);
    log(
      `aggregate ${rate.toFixed(0)}/s over ${seconds.toFixed(1)} s; per number: ${[...tally.times.values()].map((t) => rateOf(t).rate.toFixed(0)).join(', ')}`,
    );
    return [
      { metric: `aggregate over ${opts.numbers} numbers`, unit: 'msgs/s', value: rate },
      ...[...tally.times.entries()].map(([id, t], i) => ({ metric: `  number ${i + 1} (${id})`, unit: 'msgs/s', value: rateOf(t).rate })),
      { metric: 'aggregate: 130429 answers', unit: 'count', value: tally.refused429 },
      { metric: 'aggregate: duplicates', unit: 'count', value: tally.duplicates() },
    ];
  });
}

async function killPhase(fake: FakeGraph, opts: CampaignsOptions): Promise<Figure[]> {
  fake.reset();
  const phoneNumberId = '106540352244000';
  return withWorld(fake, 'kill', [{ phoneNumberId, mps: 1000 }], opts, async (w) => {
    const tally = new Tally(fake);
    const id = await campaign(w, w.channels[0]!.id, opts.killRecipients, 16507000000);
    log(`kill test: ${opts.killRecipients} recipients at 1,000/s; ${opts.kills} × kill -9 of the worker at random moments…`);
    const reconciled = { released: 0, resent: 0, unconfirmed: 0 };
    const collect = (p: Proc) => {
      for (const l of p.logs) for (const k of Object.keys(reconciled) as Array<keyof typeof reconciled>) reconciled[k] += Number(l[k] ?? 0);
      p.logs.length = 0;
    };
    let kills = 0;
    const started = Date.now();
    while (kills < opts.kills) {
      // A random moment while sending, leaving the last tenth of the campaign to run after the last kill.
      await sleep(500 + Math.random() * 4500);
      tally.poll();
      const counts = await stateCounts(w, id);
      if ((counts.pending ?? 0) < opts.killRecipients / 10) break;
      w.worker.child.kill('SIGKILL');
      await new Promise<void>((resolve) =>
        w.worker.child.exitCode !== null || w.worker.child.signalCode ? resolve() : w.worker.child.once('exit', () => resolve()),
      );
      kills++;
      collect(w.worker);
      const sending = (await stateCounts(w, id)).sending ?? 0;
      log(`kill ${kills} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.pending ?? 0} pending, ${sending} left in 'sending'`);
      w.worker = await startWorker(w.pgc, w.env);
      w.workers.push(w.worker);
    }
    log('all kills done; waiting for the campaign to finish (in-flight status events of a killed worker wait for their job to expire)…');
    await waitDone(w, [id], tally, 1_800_000);
    collect(w.worker);
    const elapsed = (Date.now() - started) / 1000;
    // Give late status webhooks a moment, then count.
    await sleep(2000);
    tally.poll();
    const rows = await w.pgc.query<{ id: string; status: string; reason: string | null }>(
      'select id, status, reason from campaign_recipients where campaign_id = $1',
      [id],
    );
    const counts: Record<string, number> = {};
    let lost = 0;
    let unconfirmed = 0;
    for (const r of rows.rows) {
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      const calls = tally.byOpaque.get(r.id) ?? 0;
      // Lost: never reached WhatsApp, yet not failed with a reason — or still waiting when the campaign says done.
      if (r.status === 'pending' || r.status === 'sending' || (calls === 0 && r.status !== 'failed')) lost++;
      if (r.status === 'failed' && r.reason?.startsWith('Unconfirmed')) unconfirmed++;
    }
    const duplicates = tally.duplicates();
    log(
      `done in ${elapsed.toFixed(0)} s after ${kills} kills: ${JSON.stringify(counts)}; duplicates ${duplicates}, lost ${lost}, ` +
        `released ${reconciled.released}, resent after T ${reconciled.resent}, unconfirmed ${unconfirmed}, webhooks lost ${tally.webhooksLost}`,
    );
    return [
      { metric: 'kill test: recipients', unit: 'count', value: rows.rowCount ?? 0 },
      { metric: 'kill test: kill -9 of the worker', unit: 'count', value: kills },
      { metric: 'kill test: duplicates (extra accepted calls)', unit: 'count', value: duplicates },
      { metric: 'kill test: lost recipients', unit: 'count', value: lost },
      { metric: 'kill test: claimed, never called → released', unit: 'count', value: reconciled.released },
      { metric: 'kill test: lost answer → resent after T', unit: 'count', value: reconciled.resent },
      { metric: 'kill test: failed as unconfirmed', unit: 'count', value: unconfirmed },
      { metric: 'kill test: 130429 answers', unit: 'count', value: tally.refused429 },
      { metric: 'kill test: status webhooks not acknowledged (lost: the fake does not retry)', unit: 'count', value: tally.webhooksLost },
      { metric: 'kill test: wall time', unit: 's', value: elapsed },
    ];
  });
}

export async function runCampaignsBench(opts: CampaignsOptions, only?: string[]): Promise<Array<[string, Figure[]]>> {
  const fake = await startFakeGraph({ recordLimit: 50_000, statusDelaysMs: { sent: 50, delivered: 150, read: 300 } });
  // "Off": statuses due in ~23 days, i.e. never during the run (the fake drops its timers on close).
  const quiet = await startFakeGraph({ recordLimit: 50_000, statusDelaysMs: { sent: 2e9, delivered: 2e9, read: 2e9 } });
  for (const f of [fake, quiet])
    f.registerTemplate({ name: TEMPLATE.name, language: TEMPLATE.language, category: 'marketing', body: TEMPLATE.body });
  const rateFake = opts.statusesOff ? quiet : fake;
  const sections: Array<[string, Figure[]]> = [];
  const want = (name: string) => !only || only.includes(name);
  try {
    if (want('rate')) {
      sections.push([
        `Send rate at a number's limit, ${opts.seconds} s each`,
        [...(await ratePhase(rateFake, 80, opts)), ...(await ratePhase(rateFake, 1000, opts))],
      ]);
    }
    if (want('aggregate')) sections.push([`Aggregate over ${opts.numbers} numbers (1,000/s each)`, await aggregatePhase(rateFake, opts)]);
    if (want('kill'))
      sections.push([`Kill test: ${opts.kills} × kill -9 during ${opts.killRecipients} recipients`, await killPhase(fake, opts)]);
  } finally {
    await fake.close();
    await quiet.close();
  }
  return sections;
}

if (isMain(import.meta.url)) {
  const phasesArg = process.argv.indexOf('--phases');
  const only = phasesArg >= 0 ? process.argv[phasesArg + 1]?.split(',') : undefined;
  const argv = process.argv.slice(2).filter((_, i, a) => a[i] !== '--phases' && a[i - 1] !== '--phases');
  const opts = intOptions(campaignsDefaults, argv);
  const machine = await machineInfo({ databaseUrl: adminUrl() });
  printHeader(machine);
  process.stdout.write('\nCampaign sending on PostgreSQL…\n');
  const sections = await runCampaignsBench(opts, only);
  for (const [title, figures] of sections)
    printTable(
      title,
      figures.map((f) => ({ ...f, value: f.value === undefined ? undefined : round(f.value, 1) })),
    );
  appendResult(
    'campaigns',
    machine,
    { ...opts, phases: only ?? ['rate', 'aggregate', 'kill'] },
    sections.flatMap(([, f]) => f),
  );
}
