// One phase's world for the messaging benchmark: a fresh database, a server on it, a signed-in admin and the
// connected number; plus the CPU accounting printed beside each figure.
import pg from 'pg';
import { type FakeGraph } from '../../apps/server/src/modules/channels/whatsapp/fake-graph/index';
import { backendPids, backgroundPids, createDatabase, databaseUrl, dropDatabase, scratchName } from './postgres';
import { cpuWindow, type CpuUsage } from './cpu';
import { type Figure } from './report';
import {
  adminEmail,
  adminPassword,
  makeDataDir,
  removeDataDir,
  startServer,
  startWorker,
  type RunningServer,
  type RunningWorker,
} from './server';
import { KeepAliveClient } from './http';
import {
  ACCESS_TOKEN,
  APP_SECRET,
  DISPLAY_NUMBER,
  GREETING,
  headersOf,
  PHONE_NUMBER_ID,
  SECRET_KEY,
  WABA_ID,
  WEBHOOK_PATH,
  type Prepared,
} from './whatsapp-traffic';
/** One phase's world: a fresh database, a server on it, a signed-in admin and the connected number. */
export interface Parley {
  server: RunningServer;
  /** `parley worker` processes beside the server (the processing phase's second run), for the CPU accounting. */
  workerPids: number[];
  /** Start one more `parley worker` process (stopped with the phase, if not before); its pid joins `workerPids`. */
  addWorker(): Promise<RunningWorker>;
  db: string;
  pgClient: pg.Client;
  cookie: string;
}

export const countIn = async (c: pg.Client) =>
  (await c.query<{ n: number }>("select count(*)::int as n from messages where direction = 'in'")).rows[0]!.n;

export function log(line: string) {
  process.stdout.write(`  ${line}\n`);
}

export async function withParley<T>(
  fake: FakeGraph,
  phase: string,
  greeting: boolean,
  fn: (p: Parley) => Promise<T>,
  role: 'start' | 'web' = 'start',
  extraWorkers = 0,
): Promise<T> {
  const db = scratchName(`parley_bench_${phase}`);
  const dataDir = await makeDataDir();
  await createDatabase(db);
  try {
    const env = { DATABASE_URL: databaseUrl(db), PARLEY_SECRET_KEY: SECRET_KEY, WHATSAPP_APP_SECRET: APP_SECRET };
    const server = await startServer(dataDir, { env, role });
    const workers: RunningWorker[] = [];
    try {
      for (let i = 0; i < extraWorkers; i++) workers.push(await startWorker(dataDir, env));
      if (server.engine !== 'postgres') throw new Error(`expected the server on PostgreSQL, /readyz says ${server.engine}`);
      const pgClient = new pg.Client({ connectionString: databaseUrl(db), application_name: 'parley-bench-poll' });
      await pgClient.connect();
      try {
        const cookie = await login(server.baseUrl);
        await api(server.baseUrl, cookie, 'POST', '/api/v1/channels/whatsapp', {
          name: 'Bench line',
          phoneNumberId: PHONE_NUMBER_ID,
          wabaId: WABA_ID,
          displayPhoneNumber: `+${DISPLAY_NUMBER}`,
          accessToken: ACCESS_TOKEN,
          graphBaseUrl: fake.url,
        });
        // The fake serves the same number (same token and app secret) and posts statuses to this server.
        fake.registerNumber({
          phoneNumberId: PHONE_NUMBER_ID,
          displayPhoneNumber: DISPLAY_NUMBER,
          wabaId: WABA_ID,
          accessToken: ACCESS_TOKEN,
          appSecret: APP_SECRET,
          webhookUrl: `${server.baseUrl}${WEBHOOK_PATH}`,
        });
        // The greeting is the built-in bot's: "on" is the bot with its default personality and this greeting (later
        // messages of a customer also get its "not understood" reply, then a handoff), "off" is the bot switched off.
        await api(
          server.baseUrl,
          cookie,
          'PUT',
          '/api/v1/bot/settings',
          greeting ? { mode: 'builtin', personality: { greeting: GREETING } } : { mode: 'off' },
        );
        log(
          `${phase}: fresh database ${db}, server pid ${server.pid} ready in ${Math.round(server.readyMs)} ms, greeting ${greeting ? 'on' : 'off'}`,
        );
        const workerPids = workers.map((w) => w.pid);
        const addWorker = async () => {
          const w = await startWorker(dataDir, env);
          workers.push(w);
          workerPids.push(w.pid);
          const stop = async () => {
            await w.stop();
            if (workerPids.includes(w.pid)) workerPids.splice(workerPids.indexOf(w.pid), 1);
          };
          return { ...w, stop };
        };
        return await fn({ server, workerPids, addWorker, db, pgClient, cookie });
      } finally {
        await pgClient.end();
      }
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output()}`, { cause: err });
    } finally {
      for (const w of workers) await w.stop();
      await server.stop();
      await fake.idle(); // no status webhook of this phase may reach the next phase's server
    }
  } finally {
    await dropDatabase(db);
    await removeDataDir(dataDir);
  }
}

export const afterRate = (r: { seconds: number; postSeconds: number; processedAfterPosts: number }) =>
  r.seconds > r.postSeconds ? r.processedAfterPosts / (r.seconds - r.postSeconds) : Number.NaN;

export function cpuFigures(label: string, cpu: CpuUsage): Figure[] {
  const unit = '% of a core';
  return [
    { metric: `${label}: CPU, Parley server`, unit, value: cpu.groups.server },
    { metric: `${label}: CPU, PostgreSQL backends (bench db)`, unit, value: cpu.groups.postgres },
    { metric: `${label}: CPU, PostgreSQL background`, unit, value: cpu.groups.pgBackground },
    { metric: `${label}: CPU, load generator + fake Graph`, unit, value: cpu.self },
    { metric: `${label}: CPU, interrupts (loopback net)`, unit, value: cpu.irq },
    { metric: `${label}: CPU, everything else`, unit, value: cpu.other },
    { metric: `${label}: CPU, whole machine`, unit, value: cpu.machine },
  ];
}

export function logCpu(cpu: CpuUsage) {
  const g = cpu.groups;
  const pct = (n: number | undefined) => `${Math.round(n ?? Number.NaN)} %`;
  log(
    `CPU (100 % = one core): server ${pct(g.server)}, PostgreSQL ${pct(g.postgres)} + ${pct(g.pgBackground)} background, ` +
      `this process ${pct(cpu.self)}, interrupts ${pct(cpu.irq)}, else ${pct(cpu.other)}; machine ${pct(cpu.machine)}`,
  );
  if (cpu.topOthers.length > 0) log(`  other processes: ${cpu.topOthers.join('; ')}`);
}

/** CPU of the server, of the bench database's backends (those that connect meanwhile too) and of the rest. */
export async function startCpu(p: Parley) {
  const window = cpuWindow({
    server: [p.server.pid, ...p.workerPids],
    postgres: await backendPids(p.db),
    pgBackground: await backgroundPids(),
  });
  return { stop: async () => window.stop({ postgres: await backendPids(p.db) }) };
}

/** Closed loop: `concurrency` workers each send the next webhook as soon as their previous one is answered. */

export async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login failed: HTTP ${res.status} ${body.slice(0, 300)}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

export async function api(baseUrl: string, cookie: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The header's database line shows the server the scratch databases live on. */

/** Send everything as fast as `concurrency` allows; returns how many were acknowledged. */
export async function burst(p: Parley, messages: Prepared[], concurrency: number): Promise<number> {
  const client = new KeepAliveClient(p.server.baseUrl, concurrency);
  try {
    let acked = 0;
    let next = 0;
    const worker = async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        const r = await client.post(WEBHOOK_PATH, m.body, headersOf(m));
        if (r.status >= 200 && r.status < 300) acked++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return acked;
  } finally {
    client.close();
  }
}
