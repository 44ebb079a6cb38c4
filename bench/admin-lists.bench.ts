// The admin menu's conversation lists on PostgreSQL with many conversations (default 1,000,000 over 50 agents and
// 10 skillsets): each list's API at page size 100 (first page, filters, a keyset page deep in the list), the status
// counts, then an Excel download of `exportRows` conversation-history rows: time, rows per second and the server's
// peak RSS. Everything is generated with INSERT … SELECT straight into the bench database after the server has
// migrated it, so seeding a million conversations takes a minute or two, not hours.
//
//   npx tsx bench/admin-lists.bench.ts                                   # full size
//   npx tsx bench/admin-lists.bench.ts --conversations 20000 --exportRows 5000 --queries 20   # a quick run
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openSpreadsheet } from '../apps/server/src/platform/excel';
import { intOptions, isMain } from './lib/cli';
import { api, login } from './lib/messaging-world';
import { adminUrl, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, round, summarize, type Figure, type Machine } from './lib/report';
import { makeDataDir, removeDataDir, startServer, type RunningServer } from './lib/server';

export const adminListsDefaults = {
  conversations: 1_000_000,
  agents: 50,
  skillsets: 10,
  /** Timed requests per scenario (after 5 untimed). */
  queries: 100,
  /** Rows of the history Excel download. */
  exportRows: 100_000,
  /** How many pages of 100 deep the "deep page" scenarios go. */
  depthPages: 50,
};
export type AdminListsOptions = typeof adminListsDefaults;

const WARMUP = 5;
/** A deterministic RFC 4122 version-4 UUID from a text (the API checks UUIDs strictly). */
const uid = (expr: string) => `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;
const log = (line: string) => process.stdout.write(`  ${line}\n`);

export async function runAdminListsBench(opts: AdminListsOptions): Promise<Array<[string, Figure[]]>> {
  const db = scratchName('parley_bench_admin');
  const dataDir = await makeDataDir();
  await createDatabase(db);
  try {
    const server = await startServer(dataDir, {
      env: { DATABASE_URL: databaseUrl(db), PARLEY_SECRET_KEY: `bench-secret-key-${randomBytes(16).toString('hex')}` },
    });
    try {
      if (server.engine !== 'postgres') throw new Error(`expected the server on PostgreSQL, /readyz says ${server.engine}`);
      const cookie = await login(server.baseUrl);
      const ws = ((await api(server.baseUrl, cookie, 'GET', '/api/v1/workspace')) as { id: string }).id;
      const seeded = await seed(databaseUrl(db), ws, opts);
      log(`seeded ${opts.conversations.toLocaleString('en')} conversations in ${round(seeded.seconds, 1)} s`);
      const lists = await listFigures(server, cookie, opts, seeded);
      const exportFigs = await exportFigures(server, cookie, opts.exportRows, seeded);
      return [
        [
          `Admin lists over HTTP (${opts.conversations.toLocaleString('en')} conversations, ${opts.agents} agents, ` +
            `${opts.skillsets} skillsets; page size 100; ${opts.queries} requests each)`,
          lists,
        ],
        [
          `Conversation history to Excel (${opts.exportRows.toLocaleString('en')} rows)`,
          [...exportFigs, { metric: 'seeding (SQL, not timed as a feature)', unit: 's', value: seeded.seconds }],
        ],
      ];
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output()}`, { cause: err });
    } finally {
      await server.stop();
    }
  } finally {
    await dropDatabase(db);
    await removeDataDir(dataDir);
  }
}

interface Seeded {
  seconds: number;
  agentId: string;
  skillsetId: string;
  /** The history filter's range that selects exactly `exportRows` rows. */
  exportFrom: string;
  exportTo: string;
}

/**
 * One contact per conversation. By i % 100: 0–59 closed after an agent (history), 60–84 closed by the bot,
 * 85–89 with the bot (half inside the 24-hour window), 90–94 waiting (a skillset's queue or the general one),
 * 95–99 with an agent. One in ten has a template an agent sent; half of those are answered.
 */
async function seed(url: string, ws: string, o: AdminListsOptions): Promise<Seeded> {
  const c = new pg.Client({ connectionString: url, application_name: 'parley-bench-seed' });
  await c.connect();
  const start = performance.now();
  try {
    const channel = '00000000-0000-4000-8000-0000000000cc';
    const agents = await c.query<{ id: string }>(
      `insert into users (workspace_id, email, name, role, password_hash)
       select $1::uuid, 'agent' || i || '@bench.test', 'Agent ' || i, 'agent', 'not-a-hash' from generate_series(1, $2::int) i
       returning id`,
      [ws, o.agents],
    );
    const skillsets = await c.query<{ id: string }>(
      `insert into skillsets (workspace_id, name, created_at, updated_at)
       select $1::uuid, 'Skillset ' || i, now(), now() from generate_series(1, $2::int) i returning id`,
      [ws, o.skillsets],
    );
    const agentIds = agents.rows.map((r) => r.id);
    const skillsetIds = skillsets.rows.map((r) => r.id);
    await c.query(
      `insert into contacts (workspace_id, id, first_name, phone, source, created_at, updated_at)
       select $1::uuid, ${uid("'contact' || i")}, 'Customer ' || i, '+55119' || lpad(i::text, 8, '0'), 'organic', now(), now()
       from generate_series(1, $2::int) i`,
      [ws, o.conversations],
    );
    // Times: i seconds ago × 10, so every list has distinct, spread times.
    await c.query(
      `insert into conversations (workspace_id, id, contact_id, channel_id, state, opened_at, closed_at, closed_reason, closed_by,
         had_agent, last_customer_message_at, last_customer_text, last_message_at, pricing_category, waiting_skillset_id,
         waiting_since, assignee_id, assigned_at, updated_at)
       select $1::uuid, ${uid("'conv' || i")}, ${uid("'contact' || i")}, $2::uuid, st.state,
         t.at - interval '1 hour',
         case when st.state = 'closed' then t.at end,
         case when st.state = 'closed' then (array['Solved', 'No answer', 'Idle'])[1 + i % 3] end,
         case when st.state = 'closed' then 'system' end,
         st.k < 60 or st.k >= 95,
         t.at - interval '5 minutes', 'Message number ' || i, t.at,
         case when st.k < 60 then (array['service', 'utility', 'marketing'])[1 + i % 3] end,
         case when st.state = 'waiting' and i % 11 <> 0 then ($3::uuid[])[1 + i % cardinality($3::uuid[])] end,
         case when st.state = 'waiting' then t.at end,
         case when st.k < 60 or st.k >= 95 then ($4::uuid[])[1 + i % cardinality($4::uuid[])] end,
         case when st.k < 60 or st.k >= 95 then t.at - interval '30 minutes' end,
         t.at
       from generate_series(1, $5::int) i
       cross join lateral (select i % 100 as k) kk
       cross join lateral (select kk.k as k, case when kk.k < 85 then 'closed' when kk.k < 90 then 'bot'
                                                 when kk.k < 95 then 'waiting' else 'assigned' end as state) st
       cross join lateral (select case when st.state = 'bot' then now() - make_interval(secs => (i % 172800)::double precision)
                                       else now() - make_interval(secs => i * 10) end as at) t`,
      [ws, channel, skillsetIds, agentIds, o.conversations],
    );
    // The window per contact (their last message on the channel), and agents' templates on one in ten.
    await c.query(
      `insert into contact_identities (workspace_id, channel_id, key, contact_id, last_inbound_at, created_at)
       select workspace_id, channel_id, 'wa:' || contact_id, contact_id, last_customer_message_at, opened_at
       from conversations where workspace_id = $1::uuid`,
      [ws],
    );
    await c.query(
      `insert into messages (workspace_id, conversation_id, contact_id, channel_id, direction, sender_type, sender_user_id, type,
         text, content, is_template, status, sent_at, delivered_at, created_at, arrived_at)
       select c.workspace_id, c.id, c.contact_id, c.channel_id, 'out', 'agent', ($2::uuid[])[1 + i % cardinality($2::uuid[])],
         'template', 'Your order ' || i || ' has shipped', jsonb_build_object('name', 'order_update', 'language', 'en'), true,
         'delivered', x.at, x.at + interval '2 seconds', x.at, x.at
       from (select c.*, row_number() over () as i from conversations c where c.workspace_id = $1::uuid) c
       cross join lateral (select case when (c.i / 10) % 2 = 0 then c.last_customer_message_at - interval '1 minute'
                                       else c.last_customer_message_at + interval '1 minute' end as at) x
       where c.i % 10 = 0`,
      [ws, agentIds],
    );
    // As autovacuum would have by then: statistics, and the visibility map that lets counts read indexes only.
    await c.query('vacuum analyze');
    // The server's housekeeping closes idle conversations while the bench runs (they join the history "now"):
    // the export's range ends before the seeding, so it holds exactly the rows counted here.
    const to = await c.query<{ at: string }>(
      `select to_char(max(closed_at) at time zone 'UTC' + interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
       from conversations where workspace_id = $1::uuid and state = 'closed' and had_agent`,
      [ws],
    );
    const from = await c.query<{ at: string }>(
      `select to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at from conversations
       where workspace_id = $1::uuid and state = 'closed' and had_agent order by closed_at desc offset $2::int - 1 limit 1`,
      [ws, o.exportRows],
    );
    if (!from.rows[0]) throw new Error(`fewer than ${o.exportRows} history rows: raise --conversations`);
    return {
      seconds: (performance.now() - start) / 1000,
      agentId: agentIds[0]!,
      skillsetId: skillsetIds[0]!,
      exportFrom: from.rows[0].at,
      exportTo: to.rows[0]!.at,
    };
  } finally {
    await c.end();
  }
}

async function listFigures(server: RunningServer, cookie: string, o: AdminListsOptions, s: Seeded): Promise<Figure[]> {
  const base = `${server.baseUrl}/api/v1/admin/conversations`;
  const recent = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const scenarios: Array<[string, string]> = [
    ['unmanaged: first page', 'unmanaged?pageSize=100'],
    ['unmanaged: active only', 'unmanaged?pageSize=100&status=active'],
    ['unmanaged: closed only, oldest first', 'unmanaged?pageSize=100&status=closed&order=asc'],
    ['unmanaged: by opened at', 'unmanaged?pageSize=100&sort=openedAt'],
    ['waiting: first page (oldest first)', 'waiting?pageSize=100'],
    ['waiting: one skillset', `waiting?pageSize=100&skillsetId=${s.skillsetId}`],
    ['waiting: general queue', 'waiting?pageSize=100&skillsetId=general'],
    ['waiting: by last customer message', 'waiting?pageSize=100&sort=lastCustomerMessageAt&order=desc'],
    ['active: first page', 'active?pageSize=100'],
    ['active: one agent', `active?pageSize=100&agentId=${s.agentId}`],
    ['active: by last customer message', 'active?pageSize=100&sort=lastCustomerMessageAt&order=desc'],
    ['history: first page', 'history?pageSize=100'],
    ['history: one agent', `history?pageSize=100&agentId=${s.agentId}`],
    ['history: from a date', `history?pageSize=100&from=${recent}`],
    ['history: agent and date range', `history?pageSize=100&agentId=${s.agentId}&from=2000-01-01&to=${recent}`],
    ['templates sent: first page', 'templates-sent?pageSize=100'],
    ['templates sent: one agent', `templates-sent?pageSize=100&agentId=${s.agentId}`],
  ];
  const figures: Figure[] = [];
  for (const [name, path] of scenarios) {
    figures.push(summarize(name, 'ms', await timeRequests(`${base}/${path}`, cookie, o.queries)));
    log(`${name}: p95 ${round(figures.at(-1)!.p95!, 1)} ms`);
  }
  for (const list of ['unmanaged', 'history', 'templates-sent']) {
    const cursor = await cursorAt(base, cookie, list, o.depthPages);
    if (!cursor) continue;
    const name = `${list}: page ${o.depthPages + 1} (keyset)`;
    figures.push(summarize(name, 'ms', await timeRequests(`${base}/${list}?pageSize=100&cursor=${cursor}`, cookie, o.queries)));
    log(`${name}: p95 ${round(figures.at(-1)!.p95!, 1)} ms`);
  }
  figures.push(summarize('status counts (all lists)', 'ms', await timeRequests(`${base}/counts`, cookie, o.queries)));
  log(`counts: p95 ${round(figures.at(-1)!.p95!, 1)} ms`);
  return figures;
}

async function cursorAt(base: string, cookie: string, list: string, pages: number): Promise<string | null> {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const res = await fetch(`${base}/${list}?pageSize=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: { cookie } });
    const page = (await res.json()) as { nextCursor: string | null };
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return cursor;
}

async function timeRequests(url: string, cookie: string, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + n; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status} ${body.slice(0, 300)}`);
    if (i >= WARMUP) samples.push(ms);
  }
  return samples;
}

async function exportFigures(server: RunningServer, cookie: string, expected: number, range: Seeded): Promise<Figure[]> {
  const start = performance.now();
  const res = await fetch(
    `${server.baseUrl}/api/v1/admin/conversations/history.xlsx?from=${encodeURIComponent(range.exportFrom)}&to=${encodeURIComponent(range.exportTo)}`,
    {
      headers: { cookie },
    },
  );
  if (res.status !== 200) throw new Error(`history.xlsx: HTTP ${res.status} ${await res.text()}`);
  const chunks: Buffer[] = [];
  let firstByteMs: number | undefined;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    firstByteMs ??= performance.now() - start;
    chunks.push(Buffer.from(chunk));
  }
  const seconds = (performance.now() - start) / 1000;
  const file = Buffer.concat(chunks);
  // Read it back: the figure only counts if every row is in the file.
  const sheet = await openSpreadsheet(file, { maxRows: expected + 1, maxBytes: 1024 * 1024 * 1024 });
  let rows = 0;
  for await (const _ of sheet.rows) rows++;
  if (rows !== expected) throw new Error(`history.xlsx held ${rows} rows, expected ${expected}`);
  log(`history.xlsx: ${rows.toLocaleString('en')} rows in ${round(seconds, 2)} s, peak RSS ${round(server.peakRssMiB())} MiB`);
  return [
    { metric: 'time to first byte', unit: 'ms', value: firstByteMs ?? Number.NaN },
    { metric: 'request → last byte', unit: 's', value: seconds },
    { metric: 'throughput', unit: 'rows/s', value: rows / seconds },
    { metric: 'file size', unit: 'MiB', value: file.length / 1024 / 1024 },
    { metric: 'server peak RSS (whole run)', unit: 'MiB', value: server.peakRssMiB() },
  ];
}

export function printAdminLists(sections: Array<[string, Figure[]]>): void {
  for (const [title, figures] of sections) printTable(title, figures);
}

export function adminListsMachine(): Promise<Machine> {
  return machineInfo({ databaseUrl: process.env.DATABASE_URL ?? adminUrl() });
}

if (isMain(import.meta.url)) {
  const opts = intOptions(adminListsDefaults);
  const machine = await adminListsMachine();
  printHeader(machine);
  process.stdout.write('\nAdmin lists on PostgreSQL…\n');
  const sections = await runAdminListsBench(opts);
  printAdminLists(sections);
  appendResult(
    'admin-lists',
    machine,
    opts,
    sections.flatMap(([, f]) => f),
  );
}
