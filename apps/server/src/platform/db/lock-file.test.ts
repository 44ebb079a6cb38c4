import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './lock-file';

describe('embedded data folder lock', () => {
  it('refuses a folder held by a live process, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'parley.lock'), String(other.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(`already in use by Parley process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a dead process, and releases it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lock-'));
    const gone = spawn('true');
    await new Promise((r) => gone.on('exit', r));
    writeFileSync(join(dir, 'parley.lock'), String(gone.pid));
    const lock = acquireDataDirLock(dir);
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });
});
