// The contacts list on PostgreSQL with many contacts: list queries over HTTP (first page, search, fuzzy search,
// filters on a standard field, a statistic and custom attributes, a keyset page deep in the list, a segment's
// live count), then the export of every contact to .xlsx and .csv: rows per second and the server's peak RSS.
// The contacts and their attribute values are generated with one INSERT … SELECT each, straight into the
// bench database (after the server has migrated it), so seeding 100,000 takes seconds.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openSpreadsheet } from '../apps/server/src/platform/excel';
import { intOptions, isMain } from './lib/cli';
import { api, login } from './lib/messaging-world';
import { adminUrl, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, round, summarize, type Figure, type Machine } from './lib/report';
import { makeDataDir, removeDataDir, startServer, type RunningServer } from './lib/server';

export const contactsDefaults = {
  contacts: 100_000,
  /** Timed requests per list scenario (after 5 untimed). */
  queries: 100,
  /** How deep the "deep page" is, in contacts. */
  depth: 50_000,
  /** 1: leave the scratch database in place afterwards (its name is printed), to study plans on it. */
  keep: 0,
  /** 1: skip the two exports (to study the list and count figures alone). */
  listOnly: 0,
};
export type ContactsOptions = typeof contactsDefaults;

const WARMUP = 5;
const CITIES = ['Rome', 'Lisbon', 'São Paulo', 'Recife', 'Austin', 'Berlin', 'Paris', 'Madrid', 'Lagos', 'Nairobi'];
const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Fabio', 'Gabriela', 'Hugo', 'Irene', 'João', 'Karin', 'Luis', 'Marta', 'Nuno'];
const LAST = ['Silva', 'Souza', 'Costa', 'Rossi', 'Müller', 'García', 'Smith', 'Okafor', 'Kamau', 'Dubois', 'Ferreira', 'Almeida'];

const log = (line: string) => process.stdout.write(`  ${line}\n`);

export async function runContactsBench(opts: ContactsOptions): Promise<Array<[string, Figure[]]>> {
  const db = scratchName('parley_bench_contacts');
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
      for (const def of [
        { key: 'city', label: 'City', type: 'text' },
        { key: 'orders', label: 'Orders', type: 'number' },
        { key: 'plan', label: 'Plan', type: 'list', options: ['Free', 'Pro', 'Enterprise'] },
        { key: 'birthday', label: 'Birthday', type: 'date' },
      ]) {
        await api(server.baseUrl, cookie, 'POST', '/api/v1/attributes', def);
      }
      const seedSeconds = await seed(databaseUrl(db), ws, opts.contacts);
      log(`seeded ${opts.contacts.toLocaleString('en')} contacts with attributes in ${round(seedSeconds, 1)} s`);
      const rssReady = server.peakRssMiB();
      const list = await listFigures(server, cookie, opts);
      const rssAfterList = server.peakRssMiB();
      const exports = opts.listOnly ? [] : await exportFigures(server, cookie, opts.contacts);
      return [
        [
          `Contacts list over HTTP (${opts.contacts.toLocaleString('en')} contacts, ${opts.queries} requests each, page of 25 + total)`,
          list,
        ],
        [
          `Export of every contact (${opts.contacts.toLocaleString('en')} rows)`,
          [
            ...exports,
            { metric: 'seeding (SQL, not timed as a feature)', unit: 's', value: seedSeconds },
            { metric: 'server peak RSS before the list queries', unit: 'MiB', value: rssReady },
            { metric: 'server peak RSS after the list queries', unit: 'MiB', value: rssAfterList },
          ],
        ],
      ];
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output()}`, { cause: err });
    } finally {
      await server.stop();
    }
  } finally {
    if (opts.keep) log(`kept the database ${db}`);
    else await dropDatabase(db);
    await removeDataDir(dataDir);
  }
}

async function seed(url: string, ws: string, n: number): Promise<number> {
  const c = new pg.Client({ connectionString: url, application_name: 'parley-bench-seed' });
  await c.connect();
  const start = performance.now();
  try {
    // Deterministic spread: names from short lists, a phone and an email per contact, one in seven tagged vip,
    // one in ten imported, activity and creation spread over a year, statistics from the index.
    await c.query(
      `insert into contacts (workspace_id, first_name, last_name, email, phone, source, tags, gender, language, country,
         messages_from_customer, unresolved_queries, sessions_count, sentiment_sum, sentiment_count, last_active_at,
         opted_out_marketing, created_at, updated_at)
       select $1::uuid, ($2::text[])[1 + i % cardinality($2::text[])], ($3::text[])[1 + (i / 7) % cardinality($3::text[])],
         'customer' || i || '@example.com', '+55119' || lpad(i::text, 8, '0'),
         case when i % 10 = 0 then 'import:fair' else 'organic' end,
         case when i % 7 = 0 then array['vip'] else '{}'::text[] end,
         case when i % 2 = 0 then 'female' else 'male' end, case when i % 3 = 0 then 'en' else 'pt-BR' end,
         case when i % 3 = 0 then 'US' else 'BR' end,
         i % 50, i % 4, 1 + i % 9, (i % 11) - 5, 1 + i % 3,
         case when i % 5 = 0 then null else now() - make_interval(mins => i * 5) end,
         i % 20 = 0, now() - make_interval(mins => i * 5), now()
       from generate_series(1, $4::int) as i`,
      [ws, FIRST, LAST, n],
    );
    // Every contact has a city and a plan; half have orders; a third a birthday.
    await c.query(
      `insert into contact_attribute_values (workspace_id, contact_id, key, value_text, value_number, value_date, value_bool, updated_at)
       select c.workspace_id, c.id, a.key,
         case a.key when 'city' then ($2::text[])[1 + abs(hashtext(c.id::text)) % cardinality($2::text[])]
                    when 'plan' then (array['Free','Free','Free','Pro','Enterprise'])[1 + abs(hashtext(c.id::text || 'p')) % 5] end,
         case when a.key = 'orders' then abs(hashtext(c.id::text || 'o')) % 100 end,
         case when a.key = 'birthday' then date '1960-01-01' + abs(hashtext(c.id::text || 'b')) % 15000 end,
         null, now()
       from contacts c
       cross join (values ('city'), ('plan'), ('orders'), ('birthday')) as a(key)
       where c.workspace_id = $1::uuid
         and (a.key in ('city', 'plan') or (a.key = 'orders' and abs(hashtext(c.id::text)) % 2 = 0)
              or (a.key = 'birthday' and abs(hashtext(c.id::text)) % 3 = 0))`,
      [ws, CITIES],
    );
    // What autovacuum does soon after a load this size (PostgreSQL ≥ 13 vacuums insert-only tables too): the GIN
    // indexes' pending lists merged, the visibility map set. Measured right after the load instead, with only an
    // ANALYZE, a fuzzy search page took 250 ms at a million contacts; after the vacuum, 15–35 ms.
    await c.query('vacuum analyze contacts');
    await c.query('vacuum analyze contact_attribute_values');
  } finally {
    await c.end();
  }
  return (performance.now() - start) / 1000;
}

interface Scenario {
  name: string;
  query: Record<string, string>;
}

const filter = (...conditions: object[]) => JSON.stringify({ match: 'all', conditions });

async function listFigures(server: RunningServer, cookie: string, opts: ContactsOptions): Promise<Figure[]> {
  const base = server.baseUrl;
  const segment = (await api(base, cookie, 'POST', '/api/v1/segments', {
    kind: 'dynamic',
    name: 'Lisbon, Pro',
    definition: JSON.parse(filter({ field: 'attr.city', op: 'eq', value: 'Lisbon' }, { field: 'attr.plan', op: 'eq', value: 'Pro' })),
  })) as { id: string };
  const deep = await cursorAt(base, cookie, opts.depth);
  const scenarios: Scenario[] = [
    { name: 'first page, newest first', query: {} },
    { name: 'first page, by name', query: { sort: 'name', order: 'asc' } },
    { name: 'search a surname (many matches)', query: { q: 'rossi' } },
    { name: 'search an email (one match)', query: { q: 'customer77777@example.com' } },
    { name: 'search phone digits', query: { q: '9 0007 7777' } },
    { name: 'fuzzy search (typo)', query: { q: 'gabriella' } },
    {
      name: 'filter: tag vip, source import',
      query: { filter: filter({ field: 'tags', op: 'contains', value: 'vip' }, { field: 'source', op: 'eq', value: 'import:fair' }) },
    },
    {
      name: 'filter: unresolved queries ≥ 3, active last 30 days',
      query: { filter: filter({ field: 'unresolvedQueries', op: 'gte', value: 3 }, { field: 'lastActiveAt', op: 'gte', value: '-30d' }) },
    },
    { name: 'filter: attribute city = Lisbon', query: { filter: filter({ field: 'attr.city', op: 'eq', value: 'Lisbon' }) } },
    { name: 'filter: attribute orders > 95', query: { filter: filter({ field: 'attr.orders', op: 'gt', value: 95 }) } },
    {
      name: 'filter: city = Lisbon and plan = Pro',
      query: { filter: filter({ field: 'attr.city', op: 'eq', value: 'Lisbon' }, { field: 'attr.plan', op: 'eq', value: 'Pro' }) },
    },
    { name: 'segment opened as a list', query: { segment: segment.id } },
    { name: `keyset page ${opts.depth.toLocaleString('en')} contacts deep`, query: { cursor: deep } },
  ];
  const figures: Figure[] = [];
  for (const s of scenarios) {
    const params = new URLSearchParams({ limit: '25', ...s.query }).toString();
    const samples = await timeRequests(`${base}/api/v1/contacts?${params}`, cookie, opts.queries);
    figures.push(summarize(s.name, 'ms', samples));
    log(`${s.name}: p50 ${round(figures.at(-1)!.p50!, 1)} ms, p95 ${round(figures.at(-1)!.p95!, 1)} ms`);
  }
  // The list's count is its own request (GET /contacts/count): the same selections, sort and cursor aside.
  for (const s of scenarios) {
    if (s.query.cursor || s.query.sort) continue;
    const selection = new URLSearchParams(s.query).toString();
    const samples = await timeRequests(`${base}/api/v1/contacts/count?${selection}`, cookie, opts.queries);
    figures.push(summarize(`count: ${s.name.replace(/^first page, newest first$/, 'every contact')}`, 'ms', samples));
    log(`${figures.at(-1)!.metric}: p50 ${round(figures.at(-1)!.p50!, 1)} ms, p95 ${round(figures.at(-1)!.p95!, 1)} ms`);
  }
  figures.push(
    summarize(
      'segment live count (city = Lisbon and plan = Pro)',
      'ms',
      await timeRequests(`${base}/api/v1/segments/${segment.id}/count`, cookie, opts.queries),
    ),
  );
  return figures;
}

/** The cursor of the page that starts `depth` contacts into the default order (walked untimed, 100 at a time). */
async function cursorAt(base: string, cookie: string, depth: number): Promise<string> {
  let cursor: string | null = null;
  for (let seen = 0; seen < depth; seen += 100) {
    const page = (await api(base, cookie, 'GET', `/api/v1/contacts?limit=100${cursor ? `&cursor=${cursor}` : ''}`)) as {
      nextCursor: string | null;
    };
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  if (!cursor) throw new Error('the list is shorter than the requested depth');
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

async function exportFigures(server: RunningServer, cookie: string, expected: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const format of ['xlsx', 'csv'] as const) {
    // Each export's own peak, from the resident set it starts with (the previous export's garbage included).
    server.resetPeakRss();
    const rssBefore = server.peakRssMiB();
    const start = performance.now();
    const res = await fetch(`${server.baseUrl}/api/v1/contacts/export.${format}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`export.${format}: HTTP ${res.status} ${await res.text()}`);
    const chunks: Buffer[] = [];
    let firstByteMs: number | undefined;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      firstByteMs ??= performance.now() - start;
      chunks.push(Buffer.from(chunk));
    }
    const seconds = (performance.now() - start) / 1000;
    const file = Buffer.concat(chunks);
    // Read it back: the figure only counts if every contact is in the file.
    const sheet = await openSpreadsheet(file, {
      maxRows: expected + 1,
      maxBytes: 1024 * 1024 * 1024,
      maxUncompressedBytes: 8 * 1024 * 1024 * 1024,
      maxCompressionRatio: 1000,
    });
    let rows = 0;
    for await (const _ of sheet.rows) rows++;
    if (rows !== expected) throw new Error(`export.${format} held ${rows} rows, expected ${expected}`);
    figures.push(
      { metric: `${format}: time to first byte`, unit: 'ms', value: firstByteMs ?? Number.NaN },
      { metric: `${format}: request → last byte`, unit: 's', value: seconds },
      { metric: `${format}: throughput`, unit: 'rows/s', value: rows / seconds },
      { metric: `${format}: file size`, unit: 'MiB', value: file.length / 1024 / 1024 },
      { metric: `${format}: server RSS before it`, unit: 'MiB', value: rssBefore },
      { metric: `${format}: server peak RSS during it`, unit: 'MiB', value: server.peakRssMiB() },
    );
    log(
      `export.${format}: ${rows.toLocaleString('en')} rows in ${round(seconds, 2)} s, RSS before ${round(rssBefore)} MiB, peak ${round(server.peakRssMiB())} MiB`,
    );
  }
  return figures;
}

export function contactsMachine(): Promise<Machine> {
  return machineInfo({ databaseUrl: process.env.DATABASE_URL ?? adminUrl() });
}

export function printContacts(sections: Array<[string, Figure[]]>): void {
  for (const [title, figures] of sections) printTable(title, figures);
}

if (isMain(import.meta.url)) {
  const opts = intOptions(contactsDefaults);
  const machine = await contactsMachine();
  printHeader(machine);
  process.stdout.write('\nContacts on PostgreSQL…\n');
  const sections = await runContactsBench(opts);
  printContacts(sections);
  appendResult(
    'contacts',
    machine,
    opts,
    sections.flatMap(([, f]) => f),
  );
}
