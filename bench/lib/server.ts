// Starts the real `parley start` as a child process, the way an operator would, so the figures include
// Node's boot, the bundle's load, migrations and the first-start seeding — not just app.inject.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './report';

export const adminEmail = 'bench@parley.local';
export const adminPassword = 'bench-password-1234';

const bin = join(repoRoot, 'apps/server/bin/parley.js');
const pollMs = 20;
const readyTimeoutMs = 180_000;
const stopTimeoutMs = 20_000;

export interface RunningServer {
  pid: number;
  baseUrl: string;
  /** Milliseconds from spawn to the first 200 from /readyz (±20 ms: the polling interval). */
  readyMs: number;
  /** What /readyz says the server runs on ("pglite" or "postgres"). */
  engine: string;
  /** The process's peak resident memory so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** Reset VmHWM to the current RSS (Linux `clear_refs`), so the next peakRssMiB() is the peak of what follows. */
  resetPeakRss(): void;
  /** The end of the server's stdout and stderr, to explain a failure. */
  output(): string;
  /** SIGTERM by pid and wait for the exit (SIGKILL if it does not come). */
  stop(): Promise<void>;
}

// Children still running when the harness dies (an error, Ctrl-C) must not outlive it.
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) signal(pid, 'SIGKILL');
});
process.once('SIGINT', () => process.exit(130));

export function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'parley-bench-'));
}

export function removeDataDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

export interface StartOptions {
  /** Extra environment for the server (DATABASE_URL, PARLEY_SECRET_KEY, WHATSAPP_APP_SECRET…). */
  env?: Record<string, string>;
  /**
   * Node arguments that start Parley instead of the bundle, e.g. `['--import', 'tsx', 'apps/server/src/cli.ts']`
   * (`start` is appended): the source as it is now, no build needed, but tsx's own memory counts too (~85 MiB).
   */
  command?: string[];
  /** `start` (both roles, the default) or `web` (the web role alone: webhooks are stored, no worker runs jobs). */
  role?: 'start' | 'web';
}

export async function startServer(dataDir: string, opts: StartOptions = {}): Promise<RunningServer> {
  if (!opts.command && !existsSync(join(repoRoot, 'apps/server/dist/parley.js'))) {
    throw new Error('apps/server/dist/parley.js is missing: run `npm run build -w @parley/server` first');
  }
  if (!opts.command) warnIfStale();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...(opts.command ?? [bin]), opts.role ?? 'start'],
    {
      cwd: repoRoot,
      env: {
        ...process.env, // keeps DATABASE_URL when the operator benchmarks on PostgreSQL
        ...opts.env, // a benchmark's own settings; the harness's below (loopback, port, admin) still win
        HOST: '127.0.0.1', // nothing outside this machine should reach a benchmark server
        PORT: String(port),
        PARLEY_DATA_DIR: dataDir,
        PARLEY_ADMIN_EMAIL: adminEmail,
        PARLEY_ADMIN_PASSWORD: adminPassword,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the server');
  live.add(pid);
  const output = captureOutput(child);

  try {
    const engine = await waitReady(child, baseUrl);
    const readyMs = performance.now() - started;
    return {
      pid,
      baseUrl,
      readyMs,
      engine,
      peakRssMiB: () => peakRssMiB(pid),
      resetPeakRss: () => resetPeakRss(pid),
      output,
      stop: () => stop(child, pid),
    };
  } catch (err) {
    await stop(child, pid);
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output()}`, { cause: err });
  }
}

/** A `parley worker` process (jobs only, no port), ready once it says so in its log. */
export interface RunningWorker {
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startWorker(dataDir: string, env: Record<string, string>): Promise<RunningWorker> {
  if (!existsSync(bin)) throw new Error('apps/server/dist/parley.js is missing: run `npm run build -w @parley/server` first');
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), bin, 'worker'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...env,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_ADMIN_EMAIL: adminEmail,
      PARLEY_ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the worker');
  live.add(pid);
  const output = captureOutput(child);
  const deadline = performance.now() + readyTimeoutMs;
  while (!output().includes('Parley worker is ready')) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop(child, pid);
      throw new Error(`the worker did not get ready\n--- worker output ---\n${output()}`);
    }
    await sleep(pollMs);
  }
  return { pid, output, stop: () => stop(child, pid) };
}

async function waitReady(child: ChildProcess, baseUrl: string): Promise<string> {
  const deadline = performance.now() + readyTimeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, {
        signal: AbortSignal.timeout(1000),
      });
      if (res.status === 200) return ((await res.json()) as { engine?: string }).engine ?? 'unknown';
      await res.body?.cancel();
    } catch {
      // not listening yet
    }
    await sleep(pollMs);
  }
  throw new Error(`the server was not ready after ${readyTimeoutMs} ms`);
}

async function stop(child: ChildProcess, pid: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal(pid, 'SIGTERM');
    const timer = setTimeout(() => signal(pid, 'SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
  live.delete(pid);
}

// The benchmark runs the bundle, not the source: a bundle built before the latest migration gives wrong
// figures or 500s. Comparing the migration journals is cheap and catches that; rebuilding is left to the user.
let staleChecked = false;
function warnIfStale() {
  if (staleChecked) return;
  staleChecked = true;
  // Every migration file, names and contents, so a regenerated SQL file counts as a change too.
  const migrations = (dir: string) => {
    try {
      const root = join(repoRoot, dir);
      const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
      return files.map((f) => (/\.(sql|json)$/.test(f) ? f + readFileSync(join(root, f), 'utf8') : f)).join();
    } catch {
      return undefined;
    }
  };
  if (migrations('apps/server/dist/migrations') !== migrations('apps/server/src/db/migrations')) {
    process.stderr.write('warning: apps/server/dist has other migrations than the source; run `npm run build -w @parley/server`\n');
  }
  // Code changes too: a source file (tests aside) modified after the bundle was built means other code runs.
  const built = statSync(join(repoRoot, 'apps/server/dist/parley.js')).mtimeMs;
  const newer = ['apps/server/src', 'packages/contracts/src'].flatMap((dir) => {
    const root = join(repoRoot, dir);
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && statSync(join(root, f)).mtimeMs > built)
      .map((f) => join(dir, f));
  });
  if (newer.length > 0) {
    process.stderr.write(
      `warning: ${newer.length} source file(s) changed after apps/server/dist was built (${newer.slice(0, 3).join(', ')}…); run \`npm run build -w @parley/server\`\n`,
    );
  }
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // it exited in the meantime
  }
}

// VmHWM is the kernel's record of the highest resident set size, so a short spike between reads still counts.
function peakRssMiB(pid: number): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : Number.NaN;
  } catch {
    return Number.NaN; // not Linux, or the process is gone
  }
}

function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not Linux, or not allowed: the peak then covers the whole run so far
  }
}

// Ask the kernel for a free port rather than guessing one; the tiny race before the server binds is acceptable.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// Kept only to explain a failed start; the last 20 kB are enough and bound the memory.
function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}
