// Figures are only comparable with the machine and versions that produced them, so every report starts with
// those, and every run is also kept as one JSON line in bench/results/results.jsonl.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsFile = fileURLToPath(new URL('../results/results.jsonl', import.meta.url));

/** The packages whose versions decide the figures (the HTTP stack, both engines, the jobs, the ORM, hashing). */
const trackedPackages = ['fastify', '@electric-sql/pglite', 'pg', 'pg-boss', 'drizzle-orm', '@node-rs/argon2'];

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  packages: Record<string, string>;
  /** "embedded PGlite", or the PostgreSQL server's version when DATABASE_URL is set. */
  database: string;
  commit: string;
  /** 1/5/15-minute load when the run began: other work on the machine skews every figure. */
  loadAverage: number[];
}

/** `databaseUrl` overrides DATABASE_URL for the version line (a bench that creates its own scratch database). */
export async function machineInfo(opts: { databaseUrl?: string } = {}): Promise<Machine> {
  const cpus = os.cpus();
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${distro()} · ${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    packages: Object.fromEntries(trackedPackages.map((p) => [p, packageVersion(p)])),
    database: databaseUrl ? await postgresVersion(databaseUrl) : 'embedded PGlite',
    commit: gitCommit(),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

export function printHeader(m: Machine): void {
  const packages = Object.entries(m.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const lines = [
    `Parley benchmarks · ${new Date().toISOString()} · commit ${m.commit}`,
    `CPU      : ${m.cpu} × ${m.cores} cores`,
    `Memory   : ${m.memoryGiB} GiB · load average ${m.loadAverage.join(' / ')}`,
    `OS       : ${m.os}`,
    `Node     : ${m.node}`,
    `Packages : ${packages}`,
    `Database : ${m.database}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** One line of a report: a distribution (n, min, p50…) or a single value (only `value`). */
export interface Figure {
  metric: string;
  unit: string;
  n?: number;
  min?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  value?: number;
}

export function printTable(title: string, figures: Figure[]): void {
  const head = ['metric', 'unit', 'n', 'min', 'p50', 'p95', 'p99', 'max', 'value'];
  const rows = figures.map((f) => [
    f.metric,
    f.unit,
    f.n === undefined ? '' : String(f.n),
    ...[f.min, f.p50, f.p95, f.p99, f.max, f.value].map(fmt),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Text left-aligned, numbers right-aligned, like any printed table.
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${title}\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

/** Keep the run for later comparison; results.jsonl is committed, one JSON object per line. */
export function appendResult(bench: string, machine: Machine, options: object, figures: Figure[]): void {
  mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), {
    recursive: true,
  });
  const record = {
    at: new Date().toISOString(),
    bench,
    machine,
    options,
    figures,
  };
  // Two decimals are plenty for ms and MiB and keep the file readable.
  const json = JSON.stringify(record, (_key, v: unknown) => (typeof v === 'number' ? round(v, 2) : v));
  appendFileSync(resultsFile, json + '\n');
}

/** Nearest-rank percentile: always one of the measured values, never an interpolation. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** A distribution figure. `tails: false` leaves out p95/p99, which mean nothing for a handful of runs. */
export function summarize(metric: string, unit: string, samples: number[], tails = true): Figure {
  const s = [...samples].sort((a, b) => a - b);
  const f: Figure = {
    metric,
    unit,
    n: s.length,
    min: s[0],
    p50: percentile(s, 50),
    max: s.at(-1),
  };
  if (tails) Object.assign(f, { p95: percentile(s, 95), p99: percentile(s, 99) });
  return f;
}

/** Wall-clock milliseconds of an async call (performance.now is monotonic, Date.now is not). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

// Sub-100 figures keep a decimal (login ms, logins/s); larger ones (startup ms, MiB) don't need it.
function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (!Number.isFinite(n)) return '∞'; // a sample that never completed (e.g. an event that never came)
  return Math.abs(n) < 100 ? n.toFixed(1) : String(Math.round(n));
}

function packageVersion(name: string): string {
  try {
    const json = readFileSync(`${repoRoot}node_modules/${name}/package.json`, 'utf8');
    return (JSON.parse(json) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function distro(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.platform();
  } catch {
    return os.platform();
  }
}

function gitCommit(): string {
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    return run(['rev-parse', '--short', 'HEAD']) + (run(['status', '--porcelain']) ? ' (dirty)' : '');
  } catch {
    return 'unknown';
  }
}

// The server's own answer is what matters; psql's version is only the client's, so it is the fallback.
async function postgresVersion(url: string): Promise<string> {
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string }>('select version()');
      return rows[0]?.version ?? 'PostgreSQL (unknown version)';
    } finally {
      await client.end();
    }
  } catch (err) {
    try {
      const client = execFileSync('psql', ['--version'], {
        encoding: 'utf8',
      }).trim();
      return `PostgreSQL server unreachable (${(err as Error).message}); client: ${client}`;
    } catch {
      return `PostgreSQL (version unknown: ${(err as Error).message})`;
    }
  }
}
