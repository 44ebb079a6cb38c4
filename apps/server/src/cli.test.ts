import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of started) c.kill('SIGTERM');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('parley CLI', () => {
  it('explains itself and each command', async () => {
    const general = run(['--help']);
    expect(await general.exited).toBe(0);
    for (const cmd of ['start', 'web', 'worker', 'migrate', 'create-admin']) expect(general.output()).toContain(cmd);
    const one = run(['create-admin', '--help']);
    expect(await one.exited).toBe(0);
    expect(one.output()).toContain('--email');
  });

  it('refuses an unknown command or option with a clear message', async () => {
    const cmd = run(['launch']);
    expect(await cmd.exited).toBe(2);
    expect(cmd.output()).toContain('Unknown command "launch"');
    const opt = run(['migrate', '--colour']);
    expect(await opt.exited).toBe(1);
    expect(opt.output()).toMatch(/parley: Unknown option '--colour'/);
  });

  it('stops at boot on a bad setting, naming it', async () => {
    const bad = run(['migrate'], { PORT: 'http' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('PORT');
  });

  it('refuses to open an embedded data folder another process holds, and creates admins', async () => {
    const data = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    dirs.push(data);
    const env = { PARLEY_DATA_DIR: data, PORT: '0', HOST: '127.0.0.1', PARLEY_ADMIN_PASSWORD: 'first admin password' };
    const first = run(['start'], { ...env, LOG_LEVEL: 'info' });
    started.push(first.child);
    await expect.poll(first.output, { timeout: 60_000, interval: 200 }).toContain('Parley is ready');

    const second = run(['start'], env);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`already in use by Parley process ${first.child.pid}`);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const bad = run(['create-admin', '--email', 'not-an-email'], env);
    expect(await bad.exited).toBe(2);
    const admin = run(['create-admin', '--email', 'second@demo.test'], env);
    expect(await admin.exited).toBe(0);
    expect(admin.output()).toMatch(/second@demo\.test[\s\S]*Password \(shown once/);
  }, 120_000);
});
