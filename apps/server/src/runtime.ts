import type { Config } from './config';
import { embeddedSeedPath } from './embedded-seed';
import type { Clock } from './platform/clock';
import { systemClock } from './platform/clock';
import { openDatabase, type Database } from './platform/db';
import type { Deps } from './platform/deps';
import type { Logger } from './platform/logger';
import { Queue, type JobDefinition } from './platform/queue';
import { Realtime, RealtimeHub } from './platform/realtime';
import { createSecretBox, resolveSecretKey } from './platform/secret-box';
import { bootJobs, jobWorkers, schedules } from './jobs';

export interface Roles {
  web: boolean;
  worker: boolean;
}

/** Everything a running Parley process holds: the database, the queue, realtime, and the deps use cases get. */
export interface Runtime {
  config: Config;
  log: Logger;
  database: Database;
  queue: Queue;
  hub: RealtimeHub;
  deps: Deps;
  roles: Roles;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  roles: Roles;
  /** An already open database (tests); otherwise opened from the config. */
  database?: Database;
  clock?: Clock;
}

export async function createRuntime(config: Config, log: Logger, opts: RuntimeOptions): Promise<Runtime> {
  const database = opts.database ?? (await openDatabase(config, log, embeddedSeedPath()));
  try {
    await database.migrate();
    // Only worker processes run pg-boss maintenance and cron: web-only nodes just enqueue.
    const queue = await Queue.start(database, config, log, { supervise: opts.roles.worker });
    const hub = new RealtimeHub(log);
    if (opts.roles.web) await hub.start(database);
    const deps: Deps = {
      db: database.db,
      engine: database.engine,
      queue,
      clock: opts.clock ?? systemClock,
      config,
      log,
      realtime: new Realtime(),
      secrets: createSecretBox(resolveSecretKey(config)),
    };
    for (const w of jobWorkers) await queue.ensure(w.job as JobDefinition<unknown>);
    if (opts.roles.worker) {
      for (const w of jobWorkers) await queue.work(w, deps);
      for (const s of schedules) await queue.schedule(s.job, s.cron);
      for (const job of bootJobs) await queue.enqueue(undefined, job, {});
    }
    let closed = false;
    return {
      config,
      log,
      database,
      queue,
      hub,
      deps,
      roles: opts.roles,
      async close() {
        if (closed) return;
        closed = true;
        await hub.stop();
        await queue.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
