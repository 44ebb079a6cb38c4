// Contact import on PostgreSQL, in-process (no build needed), through the HTTP API (app.inject): upload a
// `--rows`-row .xlsx (default 100,000), which answers with the whole file validated against the suggested mapping
// (the preview); change the mapping (the file is read and validated again); then start and run the import job to
// completion. Goal (issue 5): a 100,000-row xlsx to a validated preview in ≤ 10 s and ≤ 300 MB; to completion.
//
// The world: a scratch database, the Demo workspace with three custom attributes, `--contacts` existing contacts
// (default 100,000) of which 30 % of the file's numbers are already contacts (updated, not inserted). The file has
// an invalid number every 1,000 rows, a duplicate every 500 and a bad email every 700.
//
// The job is fetched from pg-boss and run by its handler in this process, as the worker does, so its time has no
// polling in it. Peak memory is the process's VmHWM, reset (`/proc/self/clear_refs` = 5) just before each timed
// step, so each figure is that step's own peak resident memory, the runtime (PostgreSQL pool, app) included.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { jobWorkers } from '../apps/server/src/jobs';
import { ensureDemoWorkspace } from '../apps/server/src/modules/identity/index';
import { openPostgres } from '../apps/server/src/platform/db/index';
import { writeXlsx } from '../apps/server/src/platform/excel/index';
import { createLogger } from '../apps/server/src/platform/logger';
import type { JobWorker } from '../apps/server/src/platform/queue/index';
import { createRuntime } from '../apps/server/src/runtime';
import { intOptions, isMain } from './lib/cli';
import { adminUrl, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, round, type Figure } from './lib/report';

export const contactsImportDefaults = { rows: 100_000, contacts: 100_000 };
export type ContactsImportOptions = typeof contactsImportDefaults;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const silent = createLogger('silent');
const log = (line: string) => process.stdout.write(`  ${line}\n`);
const CITIES = ['Rome', 'Lisbon', 'São Paulo', 'Recife', 'Austin', 'Berlin'];

// File row i has this number; existing contacts are seeded on the numbers of every third row (30 % of the file).
const phoneOf = (i: number) => `+55119${String(10_000_000 + i).slice(-8)}`;

function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux, or not allowed: the peak then covers the whole run so far.
  }
}

/** Samples the V8 heap every 20 ms: what is live, as against RSS, which also holds what GC has not returned yet. */
function heapSampler(): () => number {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage().heapUsed) / 1024 / 1024);
  };
}

function peakMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : Math.round(process.memoryUsage().rss / 1024 / 1024);
}

async function importFile(rows: number): Promise<Buffer> {
  function* data() {
    for (let i = 1; i <= rows; i++) {
      const phone = i % 1000 === 0 ? '12345' : i % 500 === 0 ? phoneOf(i - 1) : phoneOf(i);
      const email = i % 700 === 0 ? `person${i}@` : `person${i}@example.com`;
      yield [
        phone,
        `First${i}`,
        `Last${i}`,
        email,
        CITIES[i % CITIES.length]!,
        String(i % 50),
        i % 3 ? 'Pro' : 'Free',
        i % 10 ? null : 'vip',
      ];
    }
  }
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await writeXlsx(out, {
    name: 'Contacts',
    columns: ['Phone', 'First name', 'Last name', 'Email', 'City', 'Orders', 'Plan', 'Tags'].map((header) => ({
      header,
      type: 'text' as const,
    })),
    rows: data(),
  });
  await ended;
  return Buffer.concat(chunks);
}

export async function runContactsImportBench(opts: ContactsImportOptions): Promise<Figure[]> {
  const name = scratchName('parley_bench_import');
  await createDatabase(name);
  try {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PARLEY_ADMIN_EMAIL: 'bench@parley.local',
      PARLEY_ADMIN_PASSWORD: 'bench-password-1234',
      PARLEY_SECRET_KEY: `bench-secret-key-${randomBytes(16).toString('hex')}`,
      PARLEY_DEFAULT_COUNTRY: 'BR',
    });
    const rt = await createRuntime(config, silent, {
      roles: { web: true, worker: false },
      database: await openPostgres(databaseUrl(name), 10, silent),
    });
    const app = await buildApp(rt, { webDist: '/nonexistent' });
    try {
      await app.ready();
      await ensureDemoWorkspace(rt.deps);
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'bench@parley.local', password: 'bench-password-1234' },
      });
      const cookie = `parley_session=${login.cookies.find((c) => c.name === 'parley_session')!.value}`;
      const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object | Buffer, type?: string) => {
        const res = await app.inject({
          method,
          url: `/api/v1${url}`,
          headers: { cookie, ...(type ? { 'content-type': type } : {}) },
          payload,
        });
        if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
        return res.json();
      };
      const ws = (await call('GET', '/workspace')).id as string;
      for (const def of [
        { key: 'city', label: 'City', type: 'text' },
        { key: 'orders', label: 'Orders', type: 'number' },
        { key: 'plan', label: 'Plan', type: 'list', options: ['Free', 'Pro', 'Enterprise'] },
      ]) {
        await call('POST', '/attributes', def);
      }
      // Existing contacts: the numbers of every third file row, then others the file does not mention.
      const matched = Math.min(opts.contacts, Math.floor(opts.rows / 3));
      await rt.deps.db.execute(sql`
        insert into contacts (workspace_id, first_name, phone, email, source, created_at, updated_at)
        select ${ws}::uuid, 'Known ' || i,
          case when i <= ${matched}::int then '+55119' || right((10000000 + i * 3)::text, 8) else '+55219' || right((10000000 + i)::text, 8) end,
          'known' || i || '@example.org', 'organic', now(), now()
        from generate_series(1, ${opts.contacts}::int) as i`);
      await rt.deps.db.execute(sql`analyze`);
      const file = await importFile(opts.rows);
      log(
        `world: ${opts.contacts.toLocaleString('en')} contacts (${matched.toLocaleString('en')} in the file), a ${(file.length / 1024 / 1024).toFixed(1)} MB .xlsx of ${opts.rows.toLocaleString('en')} rows`,
      );

      const baseline = Math.round(process.memoryUsage().rss / 1024 / 1024);
      log(`baseline RSS before the timed steps (runtime, app, the file in memory): ${baseline} MiB`);
      resetPeak();
      let heap = heapSampler();
      let t0 = performance.now();
      const uploaded = await call('POST', '/contacts/import?fileName=bench.xlsx', file, XLSX);
      const uploadS = (performance.now() - t0) / 1000;
      const uploadPeak = peakMiB();
      const uploadHeap = heap();
      log(`upload → validated preview: ${JSON.stringify(uploaded.summary)} in ${round(uploadS, 2)} s, peak RSS ${round(uploadPeak)} MiB`);

      resetPeak();
      t0 = performance.now();
      const remapped = await call('PUT', `/contacts/import/${uploaded.import.id}`, {
        mapping: { ...uploaded.import.mapping, Tags: null },
        sourceLabel: 'Bench fair',
      });
      const remapS = (performance.now() - t0) / 1000;
      const remapPeak = peakMiB();
      log(`mapping changed → preview again: ${remapped.summary.valid} valid in ${round(remapS, 2)} s, peak RSS ${round(remapPeak)} MiB`);

      const importWorker = (jobWorkers as JobWorker<unknown>[]).find((w) => w.job.name === 'contacts.import')!;
      resetPeak();
      heap = heapSampler();
      t0 = performance.now();
      await call('POST', `/contacts/import/${uploaded.import.id}/start`);
      const [job] = await rt.queue.boss.fetch(importWorker.job.name, { batchSize: 1 });
      await importWorker.handle(rt.deps, importWorker.job.schema.parse(job!.data), { id: job!.id, retryCount: 0 });
      await rt.queue.boss.complete(importWorker.job.name, job!.id);
      const jobS = (performance.now() - t0) / 1000;
      const jobPeak = peakMiB();
      const jobHeap = heap();
      const done = await call('GET', `/contacts/import/${uploaded.import.id}`);
      log(`start → job done: ${done.status} ${JSON.stringify(done.progress)} in ${round(jobS, 2)} s, peak RSS ${round(jobPeak)} MiB`);

      const perS = (n: number, s: number) => Math.round(n / s);
      return [
        { metric: 'RSS before the timed steps (baseline)', unit: 'MiB', value: baseline },
        { metric: 'upload → validated preview (goal ≤ 10 s)', unit: 's', value: round(uploadS, 2) },
        { metric: 'upload: rows per second', unit: 'rows/s', value: perS(opts.rows, uploadS) },
        { metric: 'upload: peak RSS (process, goal ≤ 300)', unit: 'MiB', value: round(uploadPeak) },
        { metric: 'upload: peak V8 heap used', unit: 'MiB', value: uploadHeap },
        { metric: 'mapping change → preview again', unit: 's', value: round(remapS, 2) },
        { metric: 'mapping change: peak RSS (process)', unit: 'MiB', value: round(remapPeak) },
        { metric: 'start → import job complete', unit: 's', value: round(jobS, 2) },
        { metric: 'import job: rows per second', unit: 'rows/s', value: perS(opts.rows, jobS) },
        { metric: 'import job: peak RSS (process)', unit: 'MiB', value: round(jobPeak) },
        { metric: 'import job: peak V8 heap used', unit: 'MiB', value: jobHeap },
        { metric: 'inserted', unit: 'rows', value: done.progress.inserted },
        { metric: 'updated', unit: 'rows', value: done.progress.updated },
        { metric: 'rejected', unit: 'rows', value: done.progress.rejected },
      ];
    } finally {
      await app.close();
      await rt.close();
    }
  } finally {
    await dropDatabase(name);
  }
}

export function printContactsImport(opts: ContactsImportOptions, figures: Figure[]): void {
  printTable(
    `Contact import on PostgreSQL (${opts.rows.toLocaleString('en')}-row .xlsx, ${opts.contacts.toLocaleString('en')} existing contacts, in-process)`,
    figures,
  );
}

if (isMain(import.meta.url)) {
  const opts = intOptions(contactsImportDefaults);
  const machine = await machineInfo({ databaseUrl: adminUrl() });
  printHeader(machine);
  process.stdout.write('\nContact import…\n');
  const figures = await runContactsImportBench(opts);
  printContactsImport(opts, figures);
  appendResult('contacts-import', machine, opts, figures);
}
