// The campaign wizard on PostgreSQL with a large audience: upload a `--rows`-row .xlsx (default 100,000), validate it
// into Messages and Rejected, then confirm. Goal (issue 7): validation of a 100,000-row xlsx audience in ≤ 10 s and
// ≤ 300 MB.
//
// Parley runs as it does for an operator, `parley start` (web and worker in one process) from the bundle, on a
// scratch database; this harness only builds the file, seeds the world with SQL and calls the HTTP API. So the
// memory figures are the Parley process's alone: its VmHWM, reset (`/proc/<pid>/clear_refs` = 5) just before each
// timed step, so each is that step's own peak resident memory, the runtime included. With `--source 1` Parley runs
// from source instead (`node --import tsx apps/server/src/cli.ts start`, no build needed; tsx adds ~85 MiB).
//
// The world: the Demo workspace, a WhatsApp number (never called: nothing is sent), an approved marketing template
// with two body variables (first name from the contact or file, a code from a file column), and `--rows` × 0.3
// existing contacts whose numbers are in the file (1 in 20 opted out, 1 in 50 archived, 1 in 40 in an open
// conversation). The file is written as Excel writes one: text in the shared-strings table, stored after the sheet.
// It has one invalid number every 1,000 rows and one duplicate every 500.
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { cpuWindow } from './lib/cpu';
import { intOptions, isMain } from './lib/cli';
import { api, login } from './lib/messaging-world';
import { adminUrl, backendPids, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, round, type Figure } from './lib/report';
import { makeDataDir, removeDataDir, startServer, type RunningServer } from './lib/server';

export const campaignValidationDefaults = { rows: 100_000, source: 0 };
export type CampaignValidationOptions = typeof campaignValidationDefaults;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const log = (line: string) => process.stdout.write(`  ${line}\n`);

const phoneOf = (i: number) => `+55119${String(10_000_000 + i).slice(-8)}`;

/** The audience as Excel saves it: every text in xl/sharedStrings.xml, which comes after the worksheet. */
async function audienceFile(rows: number): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Audience');
  sheet.addRow(['phone', 'name', 'code', 'city']).commit();
  for (let i = 1; i <= rows; i++) {
    const phone = i % 1000 === 0 ? '12345' : i % 500 === 0 ? phoneOf(i - 1) : phoneOf(i);
    sheet.addRow([phone, `Customer ${i}`, `CODE${i}`, 'Rome']).commit();
  }
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** One timed step: wall time, the server's peak RSS, and the CPU of Parley and of its PostgreSQL sessions. */
async function step<T>(
  server: RunningServer,
  db: string,
  fn: () => Promise<T>,
): Promise<{ value: T; s: number; peak: number; cpuS: number; pgCpuS: number }> {
  server.resetPeakRss();
  const cpu = cpuWindow({ server: [server.pid], postgres: await backendPids(db) });
  const t0 = performance.now();
  const value = await fn();
  const s = (performance.now() - t0) / 1000;
  const usage = cpu.stop({ postgres: await backendPids(db) });
  const seconds = (group: string) => (usage.groups[group]! / 100) * usage.seconds;
  return { value, s, peak: server.peakRssMiB(), cpuS: seconds('server'), pgCpuS: seconds('postgres') };
}

export async function runCampaignValidationBench(opts: CampaignValidationOptions): Promise<Figure[]> {
  const name = scratchName('parley_bench_campaign');
  const dataDir = await makeDataDir();
  await createDatabase(name);
  const db = new pg.Client({ connectionString: databaseUrl(name), application_name: 'parley-bench-seed' });
  try {
    const server = await startServer(dataDir, {
      env: {
        DATABASE_URL: databaseUrl(name),
        PARLEY_SECRET_KEY: `bench-secret-key-${randomBytes(16).toString('hex')}`,
        WHATSAPP_APP_SECRET: 'bench-app-secret',
        WHATSAPP_VERIFY_TOKEN: 'bench-verify-token',
        CAMPAIGN_MAX_AUDIENCE_ROWS: String(Math.max(100_000, opts.rows)),
        PARLEY_DEFAULT_COUNTRY: 'BR',
      },
      // BENCH_PARLEY_BUNDLE: another build of the bundle than apps/server/dist (e.g. one made for a comparison).
      ...(opts.source
        ? { command: ['--import', 'tsx', 'apps/server/src/cli.ts'] }
        : process.env.BENCH_PARLEY_BUNDLE
          ? { command: [process.env.BENCH_PARLEY_BUNDLE] }
          : {}),
    });
    try {
      if (server.engine !== 'postgres') throw new Error(`expected the server on PostgreSQL, /readyz says ${server.engine}`);
      const readyPeak = server.peakRssMiB();
      await db.connect();
      const cookie = await login(server.baseUrl);
      const call = (method: string, path: string, body?: unknown) =>
        api(server.baseUrl, cookie, method, `/api/v1${path}`, body) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
      const ws = (await call('GET', '/workspace')).id as string;
      const channel = await call('POST', '/channels/whatsapp', {
        name: 'Bench number',
        phoneNumberId: '106540352242922',
        wabaId: '102290129340398',
        displayPhoneNumber: '+55 11 3456-7890',
        accessToken: 'EAAG-bench-access-token-0123456789',
        graphBaseUrl: 'http://127.0.0.1:9',
      });
      const template = await db.query<{ id: string }>(
        `insert into message_templates (workspace_id, waba_id, name, language, category, status, content, created_at, updated_at)
         values ($1, '102290129340398', 'spring_sale', 'en_US', 'marketing', 'approved', $2, now(), now()) returning id`,
        [ws, JSON.stringify({ body: { text: 'Hi {{1}}, your code is {{2}}.', examples: ['Ana', 'SAVE10'] }, buttons: [] })],
      );
      const known = Math.floor(opts.rows * 0.3);
      await db.query(
        `insert into contacts (workspace_id, first_name, phone, source, status, opted_out_marketing, created_at, updated_at)
         select $1::uuid, 'Known ' || i, '+55119' || right((10000000 + i)::text, 8), 'organic',
           case when i % 50 = 0 then 'archived' else 'active' end, i % 20 = 0, now(), now()
         from generate_series(1, $2::int) as i`,
        [ws, known],
      );
      await db.query(
        `insert into conversations (workspace_id, contact_id, channel_id, state, opened_at, last_message_at, updated_at)
         select workspace_id, id, $2::uuid, 'assigned', now(), now(), now()
         from contacts where workspace_id = $1::uuid and (right(phone, 8))::int % 40 = 0 and status = 'active'`,
        [ws, channel.id],
      );
      await db.query('analyze');
      const file = await audienceFile(opts.rows);
      log(
        `world: ${known.toLocaleString('en')} known contacts, a ${(file.length / 1024 / 1024).toFixed(1)} MB .xlsx of ${opts.rows.toLocaleString('en')} rows` +
          ` (shared strings); Parley ${opts.source ? 'from source (tsx)' : 'from the bundle'}, pid ${server.pid}`,
      );

      const { id } = await call('POST', '/campaigns', { name: 'Bench', channelId: channel.id, templateId: template.rows[0]!.id });
      await call('PATCH', `/campaigns/${id}`, {
        variables: {
          body: [
            { kind: 'field', field: 'firstName' },
            { kind: 'column', column: 'code' },
          ],
        },
      });
      const idle = server.peakRssMiB();
      log(`Parley's peak RSS so far (ready, signed in, draft made): ${round(idle)} MiB`);

      const upload = await step(server, name, async () => {
        const res = await fetch(`${server.baseUrl}/api/v1/campaigns/${id}/audience/file?fileName=audience.xlsx`, {
          method: 'PUT',
          headers: { cookie, 'content-type': XLSX },
          body: file,
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`upload: HTTP ${res.status} ${text.slice(0, 300)}`);
        return JSON.parse(text) as { rows: number };
      });
      log(
        `upload: ${upload.value.rows} rows in ${round(upload.s, 2)} s (CPU: Parley ${round(upload.cpuS, 2)} s, PostgreSQL ${round(upload.pgCpuS, 2)} s), peak RSS ${round(upload.peak)} MiB`,
      );

      const validate = await step(server, name, () => call('POST', `/campaigns/${id}/validate`));
      const v = validate.value;
      log(
        `validate: ${v.messages.total} messages, ${v.rejected.total} rejected ${JSON.stringify(v.reasons)} in ${round(validate.s, 2)} s` +
          ` (CPU: Parley ${round(validate.cpuS, 2)} s, PostgreSQL ${round(validate.pgCpuS, 2)} s), peak RSS ${round(validate.peak)} MiB`,
      );

      // The daily limit would reject most of the file at Meta's first tier: lift it for the confirm figure.
      await call('PUT', `/campaigns/senders/${channel.id}`, { messagesPerSecond: 80, dailyLimit: null });
      const confirm = await step(server, name, () => call('POST', `/campaigns/${id}/confirm`));
      const c = confirm.value;
      log(
        `confirm (validates again): ${c.recipients} recipients, ${c.contactsCreated} contacts created in ${round(confirm.s, 2)} s` +
          ` (CPU: Parley ${round(confirm.cpuS, 2)} s, PostgreSQL ${round(confirm.pgCpuS, 2)} s), peak RSS ${round(confirm.peak)} MiB`,
      );

      const perS = (n: number, s: number) => Math.round(n / s);
      return [
        { metric: 'Parley peak RSS at ready', unit: 'MiB', value: round(readyPeak) },
        { metric: 'Parley peak RSS before the timed steps', unit: 'MiB', value: round(idle) },
        { metric: 'upload .xlsx → audience rows', unit: 's', value: round(upload.s, 2) },
        { metric: 'upload: rows per second', unit: 'rows/s', value: perS(opts.rows, upload.s) },
        { metric: 'upload: Parley CPU', unit: 's', value: round(upload.cpuS, 2) },
        { metric: 'upload: PostgreSQL CPU', unit: 's', value: round(upload.pgCpuS, 2) },
        { metric: 'upload: Parley peak RSS', unit: 'MiB', value: round(upload.peak) },
        { metric: 'validate (goal ≤ 10 s)', unit: 's', value: round(validate.s, 2) },
        { metric: 'validate: rows per second', unit: 'rows/s', value: perS(opts.rows, validate.s) },
        { metric: 'validate: Parley CPU', unit: 's', value: round(validate.cpuS, 2) },
        { metric: 'validate: PostgreSQL CPU', unit: 's', value: round(validate.pgCpuS, 2) },
        { metric: 'validate: Parley peak RSS (goal ≤ 300)', unit: 'MiB', value: round(validate.peak) },
        { metric: 'validate: messages', unit: 'rows', value: v.messages.total },
        { metric: 'validate: rejected', unit: 'rows', value: v.rejected.total },
        { metric: 'confirm (re-validate + contacts + recipients)', unit: 's', value: round(confirm.s, 2) },
        { metric: 'confirm: Parley CPU', unit: 's', value: round(confirm.cpuS, 2) },
        { metric: 'confirm: PostgreSQL CPU', unit: 's', value: round(confirm.pgCpuS, 2) },
        { metric: 'confirm: Parley peak RSS', unit: 'MiB', value: round(confirm.peak) },
        { metric: 'confirm: recipients', unit: 'rows', value: c.recipients },
      ];
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output()}`, { cause: err });
    } finally {
      await server.stop();
    }
  } finally {
    await db.end().catch(() => undefined);
    await dropDatabase(name);
    await removeDataDir(dataDir);
  }
}

export function printCampaignValidation(opts: CampaignValidationOptions, figures: Figure[]): void {
  printTable(
    `Campaign wizard on PostgreSQL (${opts.rows.toLocaleString('en')}-row .xlsx audience, Parley ${opts.source ? 'from source' : 'from the bundle'})`,
    figures,
  );
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
