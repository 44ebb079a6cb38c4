// Scratch PostgreSQL databases for a benchmark (created fresh, dropped at the end) and pgbench as a yardstick:
// a webhook figure means little without what the same server does for the simplest possible write.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * The maintenance connection used to CREATE and DROP scratch databases: BENCH_POSTGRES_URL, by default the
 * local server as `postgres`. Only a loopback server is accepted: benchmarks never send traffic elsewhere.
 */
export function adminUrl(): string {
  const url = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`BENCH_POSTGRES_URL must point at 127.0.0.1, got host ${host}`);
  return url;
}

/** The URL of another database on the same server (same user, password, host and port). */
export function databaseUrl(name: string, base = adminUrl()): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A name no one else uses: prefix, pid and time, lower case (PostgreSQL folds unquoted names anyway). */
export function scratchName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), application_name: 'parley-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
};

export function createDatabase(name: string): Promise<void> {
  return admin(async (c) => void (await c.query(`create database ${ident(name)}`)));
}

/** Drops one of our scratch databases, closing whatever connections are left (PostgreSQL 13+). */
export function dropDatabase(name: string): Promise<void> {
  return admin(async (c) => void (await c.query(`drop database if exists ${ident(name)} with (force)`)));
}

/** Server settings that decide write throughput, for the report. */
export async function serverSettings(): Promise<Record<string, string>> {
  const names = ['max_connections', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'commit_delay', 'autovacuum'];
  return admin(async (c) => {
    const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
      'select name, setting, unit from pg_settings where name = any($1) order by name',
      [names],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting]));
  });
}

/** pgbench from PATH, else the newest one under /usr/lib/postgresql. */
export async function pgbenchPath(): Promise<string> {
  try {
    await run('pgbench', ['--version']);
    return 'pgbench';
  } catch {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
    for (const v of versions) if (existsSync(join(root, v, 'bin/pgbench'))) return join(root, v, 'bin/pgbench');
    throw new Error('pgbench not found on PATH or under /usr/lib/postgresql/*/bin');
  }
}

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  transactions: number;
}

/** How pgbench reaches a database of ours: its arguments and environment (password, if the URL has one). */
function pgbenchConnection(db: string) {
  const u = new URL(databaseUrl(db));
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const env = { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
  return { args, env };
}

/** `pgbench -i -s <scale>` into `db`, plus the one-column table the insert scripts write to. Returns pgbench's version. */
export async function pgbenchInit(db: string, scale: number): Promise<string> {
  const bin = await pgbenchPath();
  const { args, env } = pgbenchConnection(db);
  const version = (await run(bin, ['--version'], { env })).stdout.trim();
  await run(bin, ['-i', '-q', '-s', String(scale), ...args, db], { env });
  const client = new pg.Client({ connectionString: databaseUrl(db) });
  await client.connect();
  try {
    await client.query('create table bench_single_insert (v double precision)');
  } finally {
    await client.end();
  }
  return version;
}

/**
 * One pgbench run of a custom script (each run of the script is one transaction unless it says begin/commit)
 * at `-c clients -j threads -T seconds`, without vacuum (-n). Returns pgbench's own figures.
 */
export async function pgbenchScript(
  db: string,
  script: string,
  opts: { clients: number; threads: number; seconds: number },
): Promise<PgbenchResult> {
  const bin = await pgbenchPath();
  const { args, env } = pgbenchConnection(db);
  const dir = await mkdtemp(join(tmpdir(), 'parley-pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    await writeFile(file, script);
    const argv = ['-n', '-c', String(opts.clients), '-j', String(opts.threads), '-T', String(opts.seconds), '-f', file, ...args, db];
    const { stdout } = await run(bin, argv, { env });
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN);
    return {
      tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
      latencyMs: num(/latency average = ([\d.]+) ms/),
      transactions: num(/number of transactions actually processed: (\d+)/),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The yardstick: one single-row insert per transaction. */
export const SINGLE_INSERT = 'insert into bench_single_insert (v) values (random());\n';
/**
 * The same insert with a NOTIFY in its transaction, as pg-boss sends one for every job of a queue created with
 * `notify: true`: PostgreSQL takes one database-wide lock to queue notifications at commit, so these commits
 * cannot share a WAL flush the way plain ones do.
 */
export const SINGLE_INSERT_NOTIFY =
  "begin;\ninsert into bench_single_insert (v) values (random());\nselect pg_notify('parley_bench', 'x');\ncommit;\n";

/** Backend process ids connected to `db` right now (to charge their CPU to the benchmark). */
export async function backendPids(db: string): Promise<number[]> {
  return admin(async (c) => {
    const { rows } = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [db]);
    return rows.map((r) => r.pid);
  });
}

/** PostgreSQL's own background processes (WAL writer, checkpointer…): shared by every database on the server. */
export async function backgroundPids(): Promise<number[]> {
  return admin(async (c) => {
    const { rows } = await c.query<{ pid: number }>("select pid from pg_stat_activity where backend_type <> 'client backend'");
    return rows.map((r) => r.pid);
  });
}

/**
 * Samples what the bench database's sessions are doing (pg_stat_activity, every `everyMs`) until stopped, and
 * names where their busy time went: a wait (Lock:object at commit is the NOTIFY queue lock; IO:WALSync the
 * flush of a commit) or "on CPU", with the start of the statement; or an open transaction waiting for its
 * client's next statement (the Parley process is the bottleneck then). Uses its own connection.
 */
export async function sampleActivity(db: string, everyMs = 20) {
  const client = new pg.Client({ connectionString: databaseUrl(db), application_name: 'parley-bench-sampler' });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ what: string }>(
        `select case when state = 'active'
                     then coalesce(wait_event_type || ':' || wait_event, 'on CPU') || ' · ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 48)
                     else 'idle in transaction: waiting for the Parley process' end as what
           from pg_stat_activity
          where datname = current_database() and state in ('active', 'idle in transaction') and pid <> pg_backend_pid()`,
      );
      samples++;
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    /** Stop; the top `n` activities as a share of busy-session samples, and the mean number of busy sessions. */
    async stop(n = 6): Promise<{ samples: number; meanActive: number; top: string[] }> {
      running = false;
      await loop;
      await client.end();
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const top = [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([what, c]) => `${Math.round((c / total) * 100)} % ${what}`);
      return { samples, meanActive: samples ? total / samples : 0, top };
    },
  };
}
