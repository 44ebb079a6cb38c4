// Parley's processes for the sending bench: `web` and `worker` from source (`node --import tsx apps/server/src/cli.ts`,
// no bundle to keep fresh), their output kept to explain a failure, and the worker's reconciliation log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { repoRoot } from '../lib/report';

export const ADMIN = { email: 'bench@parley.local', password: 'bench-password-1234' };
const CLI = join(repoRoot, 'apps/server/src/cli.ts');

export interface Proc {
  child: ChildProcess;
  output(): string;
  /** The worker's "campaign recipients reconciled" log lines (pino JSON) seen so far. */
  logs: Array<Record<string, unknown>>;
}

// Children still running when the harness dies (an error, Ctrl-C) must not outlive it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

export function spawnParley(role: 'web' | 'worker', env: Record<string, string>): Proc {
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
      if (!l.includes('campaign recipients reconciled')) continue;
      try {
        logs.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        // not JSON
      }
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => text, logs };
}

export async function stopProc(p: Proc, sig: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  p.child.kill(sig);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** A worker is ready once its boot scan job exists (it is enqueued after every queue is being worked). */
export async function startWorker(pgc: pg.Client, env: Record<string, string>): Promise<Proc> {
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number, every = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

/** The process's peak resident memory (VmHWM) in MiB; NaN once it is gone or off Linux. */
export function peakRssMiB(pid: number | undefined): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
