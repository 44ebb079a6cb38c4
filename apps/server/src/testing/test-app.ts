// Test-only: a whole Parley (runtime + HTTP app) on its own database, with a fake clock and a seeded workspace.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import { ensureDemoWorkspace } from '../modules/identity';
import { FakeClock, systemClock } from '../platform/clock';
import { openPostgres } from '../platform/db';
import { createLogger } from '../platform/logger';
import { createRuntime, type Runtime } from '../runtime';
import { openTestDatabase } from './engines';

export const ADMIN_EMAIL = 'admin@demo.test';
export const ADMIN_PASSWORD = 'correct horse battery';

export interface TestApp {
  app: FastifyInstance;
  /** PostgreSQL only: the per-file database's URL, so a test can start a second node on it. */
  databaseUrl?: string;
  rt: Runtime;
  clock: FakeClock;
  config: Config;
  /** Sign in through the API; returns the cookie header to send with later requests. */
  login(email?: string, password?: string, extra?: { ip?: string; device?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    worker?: boolean;
    webDist?: string;
    /** Browser journeys run on real time. */ systemClock?: boolean;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PARLEY_ADMIN_EMAIL: ADMIN_EMAIL,
    PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    PARLEY_SECRET_KEY: 'test-secret-key-for-sealing-credentials',
    ...opts.env,
  });
  const log = createLogger(config.log.level);
  const db = await openTestDatabase(log);
  const clock = new FakeClock(new Date());
  const rt = await createRuntime(config, log, {
    roles: { web: true, worker: opts.worker ?? false },
    database: db.database,
    clock: opts.systemClock ? systemClock : clock,
  });
  await ensureDemoWorkspace(rt.deps);
  const app = await buildApp(rt, { webDist: opts.webDist ?? '/nonexistent' });
  await app.ready();
  return {
    app,
    databaseUrl: db.url,
    rt,
    clock,
    config,
    async login(email = ADMIN_EMAIL, password = ADMIN_PASSWORD, extra = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: extra.ip,
        cookies: extra.device ? { parley_device: extra.device } : {},
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return sessionCookie(res);
    },
    async close() {
      await app.close();
      await rt.close();
      await db.drop();
    },
  };
}

/** A second Parley node (its own pool, listener and hub) on the same PostgreSQL database. */
export async function startSecondNode(first: TestApp): Promise<{ app: FastifyInstance; rt: Runtime; close(): Promise<void> }> {
  if (!first.databaseUrl) throw new Error('a second node needs PostgreSQL');
  const log = createLogger(first.config.log.level);
  const database = await openPostgres(first.databaseUrl, 3, log);
  const rt = await createRuntime(first.config, log, { roles: { web: true, worker: false }, database, clock: first.clock });
  const app = await buildApp(rt, { webDist: '/nonexistent' });
  await app.ready();
  return { app, rt, close: async () => (await app.close(), await rt.close()) };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'parley_session');
  if (!c) throw new Error('no session cookie in response');
  return `parley_session=${c.value}`;
}

export function cookieValue(res: LightMyRequestResponse, name: string): string | undefined {
  return res.cookies.find((x) => x.name === name)?.value;
}
