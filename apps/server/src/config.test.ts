import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run embedded', () => {
    const c = loadConfig({});
    expect(c.db.url).toBeUndefined();
    expect(c.db.dataDir).toBe('./data');
    expect(c.http.port).toBe(3000);
    expect(c.argon2.memoryKiB).toBeGreaterThanOrEqual(19456);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ARGON2_MEMORY_KIB: '1024' })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must start with postgres:\/\/[\s\S]*ARGON2_MEMORY_KIB/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).http.port).toBe(3000);
  });
});
