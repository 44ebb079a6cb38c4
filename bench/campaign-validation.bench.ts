// The campaign wizard on PostgreSQL with a large audience, in-process (no build needed), through the HTTP API
// (app.inject): upload a `--rows`-row .xlsx (default 100,000), validate it into Messages and Rejected, then confirm.
// Goal (issue 7): validation of a 100,000-row xlsx audience in ≤ 10 s and ≤ 300 MB.
//
// The world: a scratch database, the Demo workspace, a WhatsApp number (never called: nothing is sent), an approved
// marketing template with two body variables (first name from the contact or file, a code from a file column), and
// `--rows` × 0.3 existing contacts whose numbers are in the file (1 in 20 opted out, 1 in 50 archived, 1 in 40 in an
// open conversation). The file has one invalid number every 1,000 rows and one duplicate every 500.
//
// Peak memory is the process's VmHWM, reset (`/proc/self/clear_refs` = 5) just before each timed step, so each
// figure is that step's own peak resident memory, the runtime (PostgreSQL pool, app) included.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { ensureDemoWorkspace } from '../apps/server/src/modules/identity/index';
import { messageTemplates } from '../apps/server/src/modules/campaigns/tables';
import { openPostgres } from '../apps/server/src/platform/db/index';
import { writeXlsx } from '../apps/server/src/platform/excel/index';
import { createLogger } from '../apps/server/src/platform/logger';
import { createRuntime } from '../apps/server/src/runtime';
import { intOptions, isMain } from './lib/cli';
import { adminUrl, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, round, type Figure } from './lib/report';

export const campaignValidationDefaults = { rows: 100_000 };
export type CampaignValidationOptions = typeof campaignValidationDefaults;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const silent = createLogger('silent');
const log = (line: string) => process.stdout.write(`  ${line}\n`);

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

async function audienceFile(rows: number): Promise<Buffer> {
  function* data() {
    for (let i = 1; i <= rows; i++) {
      const phone = i % 1000 === 0 ? '12345' : i % 500 === 0 ? phoneOf(i - 1) : phoneOf(i);
      yield [phone, `Customer ${i}`, `CODE${i}`, 'Rome'];
    }
  }
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await writeXlsx(out, {
    name: 'Audience',
    columns: ['phone', 'name', 'code', 'city'].map((header) => ({ header, type: 'text' as const })),
    rows: data(),
  });
  await ended;
  return Buffer.concat(chunks);
}

export async function runCampaignValidationBench(opts: CampaignValidationOptions): Promise<Figure[]> {
  const name = scratchName('parley_bench_campaign');
  await createDatabase(name);
  try {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PARLEY_ADMIN_EMAIL: 'bench@parley.local',
      PARLEY_ADMIN_PASSWORD: 'bench-password-1234',
      PARLEY_SECRET_KEY: `bench-secret-key-${randomBytes(16).toString('hex')}`,
      WHATSAPP_APP_SECRET: 'bench-app-secret',
      WHATSAPP_VERIFY_TOKEN: 'bench-verify-token',
      CAMPAIGN_MAX_AUDIENCE_ROWS: String(Math.max(100_000, opts.rows)),
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
      const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object | Buffer, type?: string) => {
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
      const channel = await call('POST', '/channels/whatsapp', {
        name: 'Bench number',
        phoneNumberId: '106540352242922',
        wabaId: '102290129340398',
        displayPhoneNumber: '+55 11 3456-7890',
        accessToken: 'EAAG-bench-access-token-0123456789',
        graphBaseUrl: 'http://127.0.0.1:9',
      });
      const now = rt.deps.clock.now();
      const [template] = await rt.deps.db
        .insert(messageTemplates)
        .values({
          workspaceId: ws,
          wabaId: '102290129340398',
          name: 'spring_sale',
          language: 'en_US',
          category: 'marketing',
          status: 'approved',
          content: { body: { text: 'Hi {{1}}, your code is {{2}}.', examples: ['Ana', 'SAVE10'] }, buttons: [] },
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: messageTemplates.id });
      const known = Math.floor(opts.rows * 0.3);
      await rt.deps.db.execute(sql`
        insert into contacts (workspace_id, first_name, phone, source, status, opted_out_marketing, created_at, updated_at)
        select ${ws}::uuid, 'Known ' || i, '+55119' || right((10000000 + i)::text, 8), 'organic',
          case when i % 50 = 0 then 'archived' else 'active' end, i % 20 = 0, now(), now()
        from generate_series(1, ${known}::int) as i`);
      await rt.deps.db.execute(sql`
        insert into conversations (workspace_id, contact_id, channel_id, state, opened_at, last_message_at, updated_at)
        select workspace_id, id, ${channel.id}::uuid, 'assigned', now(), now(), now()
        from contacts where workspace_id = ${ws}::uuid and (right(phone, 8))::int % 40 = 0 and status = 'active'`);
      await rt.deps.db.execute(sql`analyze`);
      const file = await audienceFile(opts.rows);
      log(
        `world: ${known.toLocaleString('en')} known contacts, a ${(file.length / 1024 / 1024).toFixed(1)} MB .xlsx of ${opts.rows.toLocaleString('en')} rows`,
      );

      const { id } = await call('POST', '/campaigns', { name: 'Bench', channelId: channel.id, templateId: template!.id });
      await call('PATCH', `/campaigns/${id}`, {
        variables: {
          body: [
            { kind: 'field', field: 'firstName' },
            { kind: 'column', column: 'code' },
          ],
        },
      });

      const baseline = Math.round(process.memoryUsage().rss / 1024 / 1024);
      log(`baseline RSS before the timed steps (runtime, app, the file in memory): ${baseline} MiB`);
      resetPeak();
      let t0 = performance.now();
      const uploaded = await call('PUT', `/campaigns/${id}/audience/file?fileName=audience.xlsx`, file, XLSX);
      const uploadS = (performance.now() - t0) / 1000;
      const uploadPeak = peakMiB();
      log(`upload: ${uploaded.rows} rows in ${round(uploadS, 2)} s, peak RSS ${round(uploadPeak)} MiB`);

      resetPeak();
      const validateHeap = heapSampler();
      t0 = performance.now();
      const validated = await call('POST', `/campaigns/${id}/validate`);
      const validateS = (performance.now() - t0) / 1000;
      const validatePeak = peakMiB();
      const validateHeapPeak = validateHeap();
      log(
        `validate: ${validated.messages.total} messages, ${validated.rejected.total} rejected ${JSON.stringify(validated.reasons)} in ${round(validateS, 2)} s, peak RSS ${round(validatePeak)} MiB`,
      );

      // The daily limit would reject most of the file at Meta's first tier: lift it for the confirm figure.
      await rt.deps.db.execute(
        sql`insert into campaign_senders (channel_id, workspace_id, daily_limit, updated_at) values (${channel.id}::uuid, ${ws}::uuid, null, now())`,
      );
      resetPeak();
      t0 = performance.now();
      const confirmed = await call('POST', `/campaigns/${id}/confirm`);
      const confirmS = (performance.now() - t0) / 1000;
      const confirmPeak = peakMiB();
      log(
        `confirm (validates again): ${confirmed.recipients} recipients, ${confirmed.contactsCreated} contacts created in ${round(confirmS, 2)} s, peak RSS ${round(confirmPeak)} MiB`,
      );

      const perS = (n: number, s: number) => Math.round(n / s);
      return [
        { metric: 'RSS before the timed steps (baseline)', unit: 'MiB', value: baseline },
        { metric: 'upload .xlsx → audience rows', unit: 's', value: round(uploadS, 2) },
        { metric: 'upload: rows per second', unit: 'rows/s', value: perS(opts.rows, uploadS) },
        { metric: 'upload: peak RSS (process)', unit: 'MiB', value: round(uploadPeak) },
        { metric: 'validate (goal ≤ 10 s)', unit: 's', value: round(validateS, 2) },
        { metric: 'validate: rows per second', unit: 'rows/s', value: perS(opts.rows, validateS) },
        { metric: 'validate: peak RSS (process, goal ≤ 300)', unit: 'MiB', value: round(validatePeak) },
        { metric: 'validate: peak V8 heap used', unit: 'MiB', value: validateHeapPeak },
        { metric: 'validate: messages', unit: 'rows', value: validated.messages.total },
        { metric: 'validate: rejected', unit: 'rows', value: validated.rejected.total },
        { metric: 'confirm (re-validate + contacts + recipients)', unit: 's', value: round(confirmS, 2) },
        { metric: 'confirm: peak RSS (process)', unit: 'MiB', value: round(confirmPeak) },
        { metric: 'confirm: recipients', unit: 'rows', value: confirmed.recipients },
      ];
    } finally {
      await app.close();
      await rt.close();
    }
  } finally {
    await dropDatabase(name);
  }
}

export function printCampaignValidation(opts: CampaignValidationOptions, figures: Figure[]): void {
  printTable(`Campaign wizard on PostgreSQL (${opts.rows.toLocaleString('en')}-row .xlsx audience, in-process)`, figures);
}

if (isMain(import.meta.url)) {
  const opts = intOptions(campaignValidationDefaults);
  const machine = await machineInfo({ databaseUrl: adminUrl() });
  printHeader(machine);
  process.stdout.write('\nCampaign validation…\n');
  const figures = await runCampaignValidationBench(opts);
  printCampaignValidation(opts, figures);
  appendResult('campaign-validation', machine, opts, figures);
}
