import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Job, type JobResult } from 'pg-boss';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Database, Db } from '../db';
import type { Deps } from '../deps';
import type { Logger } from '../logger';
import { deadLetterName, type JobDefinition, type JobWorker } from './job';
import { liftJobStatement, type CapturedStatement, type JobStatement } from './job-statement';

const WARM_CACHE_ID = '00000000-0000-0000-0000-000000000000';
// Jobs fetched per round trip. Each runs in its own transaction and is settled on its own, unless its worker has a
// batch handler: then the batch runs together, and each job alone only if the batch fails.
const BATCH_SIZE = 10;

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
    const policy = {
      retryLimit: job.retryLimit ?? this.config.jobs.retryLimit,
      retryDelay: job.retryDelaySeconds ?? this.config.jobs.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: job.expireInSeconds ?? 900,
      deadLetter: dead,
      notify: job.notify ?? true,
    };
    // An existing queue takes the current policy too, so a changed definition applies after an upgrade.
    if (await this.boss.getQueue(job.name)) await this.boss.updateQueue(job.name, policy);
    else await this.boss.createQueue(job.name, policy);
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
   * The job's insert as CTEs for a statement the caller makes anyway (see job-statement.ts), validated as
   * `enqueue` validates. Null when this pg-boss builds a statement of another shape: then `enqueue` instead.
   */
  async jobStatement<T>(job: JobDefinition<T>, data: T): Promise<JobStatement | null> {
    if (!this.created.has(job.name)) throw new Error(`job ${job.name} is not registered: add it to jobs.ts`);
    const payload = job.schema.parse(data);
    let captured: CapturedStatement | undefined;
    const recorder = {
      executeSql: async (text: string, values: unknown[] = []) => {
        captured = { text, values };
        return { rows: [{ id: WARM_CACHE_ID }] };
      },
    };
    await this.boss.send(job.name, payload as object, { db: recorder });
    return captured ? liftJobStatement(captured) : null;
  }

  /**
   * Enqueue many jobs of one kind in one statement (pg-boss `insert`): the high-volume path, e.g. a batch of
   * webhook events stored together. Same validation and transaction semantics as `enqueue`.
   */
  async enqueueMany<T>(db: Db | undefined, job: JobDefinition<T>, data: T[]): Promise<void> {
    if (!this.created.has(job.name)) throw new Error(`job ${job.name} is not registered: add it to jobs.ts`);
    if (data.length === 0) return;
    const jobs = data.map((d) => ({ data: job.schema.parse(d) as object }));
    await this.boss.insert(job.name, jobs, db ? { db: fromDrizzle(db as unknown as Parameters<typeof fromDrizzle>[0], sql) } : {});
  }

  /**
   * Start consuming a job kind. Workers fetch in batches and keep fetching while batches come back full
   * (pg-boss fetches once per poll interval otherwise), and each job is settled on its own: a failure retries
   * only that job. New jobs wake workers by NOTIFY; retries do not, so the backstop poll is short (2 s).
   * A payload that fails its schema is dead-lettered at once, with the reason as its output.
   */
  async work<T>(w: JobWorker<T>, deps: Deps): Promise<void> {
    await this.ensure(w.job as JobDefinition<unknown>);
    const options = {
      batchSize: w.batch?.size ?? BATCH_SIZE,
      burstWhenBatchFull: true,
      perJobResults: true,
      localConcurrency: w.concurrency ?? 1,
      pollingIntervalSeconds: w.job.notify === false ? 0.5 : 1,
      notifyPollingIntervalSeconds: 2,
    } as const;
    await this.boss.work<unknown>(w.job.name, options, async (jobs) => {
      const results: JobResult[] = [];
      const batched = w.batch ? await this.runBatch(w, deps, jobs, results) : [];
      for (const job of jobs) if (!batched.includes(job)) results.push(await this.runOne(w, deps, job));
      return results;
    });
  }

  /**
   * The worker's batch handler over the batch's valid payloads; returns the jobs it completed (none when it
   * failed: they then run one by one, where a failure retries only its own job). Invalid payloads are left to
   * runOne, which dead-letters them.
   */
  private async runBatch<T>(w: JobWorker<T>, deps: Deps, jobs: Job<unknown>[], results: JobResult[]): Promise<Job<unknown>[]> {
    const valid: Array<{ job: Job<unknown>; data: T }> = [];
    for (const job of jobs) {
      const parsed = w.job.schema.safeParse(job.data);
      if (parsed.success) valid.push({ job, data: parsed.data });
    }
    if (valid.length < 2) return [];
    try {
      await w.batch!.handle(
        deps,
        valid.map((v) => ({ data: v.data, job: { id: v.job.id, retryCount: v.job.retryCount } })),
      );
    } catch (err) {
      this.log.warn({ err, job: w.job.name, jobs: valid.length }, 'job batch failed; running its jobs one by one');
      return [];
    }
    for (const v of valid) results.push({ id: v.job.id, status: 'completed' });
    return valid.map((v) => v.job);
  }

  private async runOne<T>(w: JobWorker<T>, deps: Deps, job: Job<unknown>): Promise<JobResult> {
    const parsed = w.job.schema.safeParse(job.data);
    if (!parsed.success) {
      const reason = z.prettifyError(parsed.error);
      this.log.error({ job: w.job.name, jobId: job.id, reason }, 'job payload rejected; dead-lettered');
      return { id: job.id, status: 'deadletter', output: { error: reason } };
    }
    try {
      await w.handle(deps, parsed.data, { id: job.id, retryCount: job.retryCount });
      return { id: job.id, status: 'completed' };
    } catch (err) {
      this.log.warn({ err, job: w.job.name, jobId: job.id, retry: job.retryCount }, 'job failed');
      return { id: job.id, status: 'failed', output: { error: (err as Error).message ?? String(err) } };
    }
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
