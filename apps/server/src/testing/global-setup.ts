// Vitest global setup: migrate one template database per run, which each test file then copies.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config';
import { createEmbeddedSeed } from '../embedded-seed';
import { openPostgres } from '../platform/db';
import { createLogger } from '../platform/logger';
import { Queue } from '../platform/queue';
import { databaseUrl } from './engines';

export default async function setup(project: TestProject) {
  const engine = (project.config.env?.PARLEY_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';
  const log = createLogger('warn');
  const config = loadConfig({ NODE_ENV: 'test' });
  project.provide('engine', engine);

  if (engine === 'pglite') {
    const dump = await createEmbeddedSeed(config, log, 'none');
    const dir = await mkdtemp(join(tmpdir(), 'parley-test-'));
    const file = join(dir, 'template.tar');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('template', file);
    project.provide('adminUrl', '');
    return async () => rm(dir, { recursive: true, force: true });
  }

  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('the postgres test project needs TEST_DATABASE_URL');
  const name = `parley_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = await openPostgres(databaseUrl(adminUrl, name), 2, log);
  await database.migrate();
  const queue = await Queue.start(database, config, log, { supervise: false });
  await queue.stop();
  await database.close();
  project.provide('template', name);
  project.provide('adminUrl', adminUrl);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}
