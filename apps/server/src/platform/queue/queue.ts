import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite } from 'pg-boss';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Database, Db } from '../db';
import type { Deps } from '../deps';
import type { Logger } from '../logger';
import { deadLetterName, type JobDefinition, type JobWorker } from './job';

const WARM_CACHE_ID = '00000000-0000-0000-0000-000000000000';

export interface EnqueueOptions {
  /** Seconds from now, or an instant. */
  startAfter?: number | Date;
  /** At most one queued job with this key (pg-boss singleton). */
  singletonKey?: string;
}

/**
 * pg-boss on either engine. Jobs are enqueued through the caller's drizzle handle, so a job written inside
 * a transaction exists only if that transaction commits (house rule 4).
 */
export class Queue {
  private readonly created = new Set<string>();

  private constructor(
    readonly boss: PgBoss,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  static async start(database: Database, config: Config, log: Logger, opts: { supervise: boolean }): Promise<Queue> {
    // LISTEN/NOTIFY wakes a worker the moment a job is created; polling stays as the backstop.
    const common = { schema: 'pgboss', supervise: opts.supervise, schedule: opts.supervise, migrate: true, useListenNotify: true };
    const boss = database.pglite
      ? new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: database.url, max: 4, application_name: 'parley-jobs' });
    boss.on('error', (err) => log.error({ err }, 'job queue error'));
    await boss.start();
    return new Queue(boss, config, log);
  }

  /**
   * Create the queue and its dead-letter queue (idempotent), and warm pg-boss's queue cache. Every job kind
   * is ensured at boot: an enqueue inside a transaction must not need a second connection, which on the
   * single-connection embedded engine would wait forever for the transaction holding it.
   */
  async ensure(job: JobDefinition<unknown>): Promise<void> {
    if (this.created.has(job.name)) return;
    const dead = deadLetterName(job.name);
    if (!(await this.boss.getQueue(dead))) await this.boss.createQueue(dead, { retryLimit: 0 });
    if (!(await this.boss.getQueue(job.name))) {
      await this.boss.createQueue(job.name, {
        retryLimit: job.retryLimit ?? this.config.jobs.retryLimit,
        retryDelay: job.retryDelaySeconds ?? this.config.jobs.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: job.expireInSeconds ?? 900,
        deadLetter: dead,
        notify: true,
      });
    }
    await this.boss.findJobs(job.name, { id: WARM_CACHE_ID });
    this.created.add(job.name);
  }

  /** Validate and enqueue; pass a transaction as `db` to make the job part of it. */
  async enqueue<T>(db: Db | undefined, job: JobDefinition<T>, data: T, opts: EnqueueOptions = {}): Promise<string | null> {
    if (!this.created.has(job.name)) throw new Error(`job ${job.name} is not registered: add it to jobs.ts`);
    const payload = job.schema.parse(data);
    return this.boss.send(job.name, payload as object, {
      ...(db ? { db: fromDrizzle(db as unknown as Parameters<typeof fromDrizzle>[0], sql) } : {}),
      ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
    });
  }

  /**
   * Start consuming a job kind. New jobs wake workers by NOTIFY; retries do not, so the backstop poll is
   * short (2 s) to keep retry backoff close to what the job asked for.
   * A payload that fails its schema goes straight to the dead-letter queue. */
  async work<T>(w: JobWorker<T>, deps: Deps): Promise<void> {
    await this.ensure(w.job as JobDefinition<unknown>);
    await this.boss.work<unknown>(
      w.job.name,
      { batchSize: 1, localConcurrency: w.concurrency ?? 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 2 },
      async ([job]) => {
        if (!job) return;
        const parsed = w.job.schema.safeParse(job.data);
        if (!parsed.success) {
          const reason = z.prettifyError(parsed.error);
          this.log.error({ job: w.job.name, jobId: job.id, reason }, 'job payload rejected; dead-lettered');
          await this.boss.send(deadLetterName(w.job.name), { data: job.data, error: reason } as object);
          return;
        }
        try {
          await w.handle(deps, parsed.data, { id: job.id, retryCount: job.retryCount });
        } catch (err) {
          this.log.warn({ err, job: w.job.name, jobId: job.id, retry: job.retryCount }, 'job failed');
          throw err;
        }
      },
    );
  }

  /** A recurring job (cron, UTC); idempotent across restarts and nodes. */
  async schedule<T>(job: JobDefinition<T>, cron: string, data: T = {} as T): Promise<void> {
    await this.ensure(job as JobDefinition<unknown>);
    await this.boss.schedule(job.name, cron, data as object, { tz: 'UTC' });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}
