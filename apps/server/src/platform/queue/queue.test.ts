import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { executeTogether, withTx } from '../db';
import { deadLetterName, defineJob, worker } from './job';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { JOB_RETRY_DELAY_SECONDS: '1' } });
});
afterAll(() => t?.close());

const countJobs = async (name: string) => {
  const r = (await t.rt.deps.db.execute(sql`select count(*)::int as n from pgboss.job where name = ${name}`)) as unknown as {
    rows: Array<{ n: number }>;
  };
  return Number(r.rows[0]?.n);
};

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('jobs join the caller\u2019s transaction', () => {
  const job = defineJob({ name: 'test.tx', schema: z.object({ n: z.number() }) });

  it('a job enqueued in a transaction that rolls back never exists', async () => {
    const q = t.rt.queue;
    await q.ensure(job);
    await expect(
      withTx(t.rt.deps.db, async (tx) => {
        await q.enqueue(tx, job, { n: 1 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await countJobs('test.tx')).toBe(0);
    await withTx(t.rt.deps.db, (tx) => q.enqueue(tx, job, { n: 2 }));
    expect(await countJobs('test.tx')).toBe(1);
  });

  it('refuses to enqueue a payload that breaks the job\u2019s schema', async () => {
    await expect(t.rt.queue.enqueue(undefined, job, { n: 'x' } as never)).rejects.toThrow();
    const unknown = defineJob({ name: 'test.unregistered', schema: z.object({}) });
    await expect(t.rt.queue.enqueue(undefined, unknown, {})).rejects.toThrow(/not registered/);
  });
});

describe('a job folded into the caller\u2019s statement', () => {
  const job = defineJob({ name: 'test.folded', schema: z.object({ n: z.number() }) });

  it('is inserted by that statement, exists only if its transaction commits, and is worked', async () => {
    const q = t.rt.queue;
    const worked: number[] = [];
    await q.work(
      worker(job, async (_deps, data) => {
        worked.push(data.n);
      }),
      t.rt.deps,
    );
    const statement = await q.jobStatement(job, { n: 7 });
    // This pg-boss's statement shape is recognised: the fast path is taken, not the fallback.
    expect(statement).not.toBeNull();
    const fold = (tx: Parameters<Parameters<typeof withTx>[1]>[0]) =>
      executeTogether(tx, [sql`mine as (select 1 as x)`, statement!.ctes], sql`(select x from mine), ${statement!.select}`);
    await expect(
      withTx(t.rt.deps.db, async (tx) => {
        await fold(tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await countJobs('test.folded')).toBe(0);
    await withTx(t.rt.deps.db, fold);
    expect(await countJobs('test.folded')).toBe(1);
    await waitFor(
      async () => worked,
      (w) => w.length === 1,
    );
    expect(worked).toEqual([7]);
  });

  it('validates the payload as enqueue does', async () => {
    await expect(t.rt.queue.jobStatement(job, { n: 'x' } as never)).rejects.toThrow();
  });
});

describe('retries and the dead-letter queue', () => {
  it('retries a failing job with backoff, then dead-letters it with its payload', async () => {
    const job = defineJob({ name: 'test.flaky', schema: z.object({ id: z.string() }), retryLimit: 2, retryDelaySeconds: 1 });
    const attempts: number[] = [];
    await t.rt.queue.work(
      worker(job, async (_deps, _data, ctx) => {
        attempts.push(ctx.retryCount);
        throw new Error('downstream is down');
      }),
      t.rt.deps,
    );
    await t.rt.queue.enqueue(undefined, job, { id: 'poison-1' });
    const dead = await waitFor(
      () => t.rt.queue.boss.findJobs(deadLetterName('test.flaky')),
      (jobs) => jobs.length > 0,
    );
    expect(dead[0]!.data).toEqual({ id: 'poison-1' });
    expect(attempts).toEqual([0, 1, 2]);
  }, 60_000);

  it('dead-letters a job whose stored payload no longer fits its schema, without running it', async () => {
    const job = defineJob({ name: 'test.strict', schema: z.object({ id: z.uuid() }) });
    let ran = false;
    await t.rt.queue.work(
      worker(job, async () => {
        ran = true;
      }),
      t.rt.deps,
    );
    await t.rt.queue.boss.send('test.strict', { id: 'not-a-uuid' });
    const dead = await waitFor(
      () => t.rt.queue.boss.findJobs(deadLetterName('test.strict')),
      (jobs) => jobs.length > 0,
    );
    expect(dead[0]!.data).toEqual({ id: 'not-a-uuid' });
    // the reason stays on the failed job itself
    const [original] = await t.rt.queue.boss.findJobs('test.strict');
    expect(JSON.stringify(original!.output)).toMatch(/id/);
    expect(ran).toBe(false);
  }, 60_000);
});

describe('a worker with a batch handler', () => {
  const completed = async (name: string) => {
    const r = (await t.rt.deps.db.execute(
      sql`select data->>'n' as n, state from pgboss.job where name = ${name} order by data->>'n'`,
    )) as unknown as { rows: Array<{ n: string; state: string }> };
    return r.rows;
  };

  it('runs a fetched batch together, and never the jobs alone when the batch succeeds', async () => {
    const job = defineJob({ name: 'test.batched', schema: z.object({ n: z.number() }) });
    await t.rt.queue.ensure(job as never);
    await t.rt.queue.enqueueMany(
      undefined,
      job,
      [1, 2, 3, 4, 5].map((n) => ({ n })),
    );
    const batches: number[][] = [];
    const alone: number[] = [];
    await t.rt.queue.work(
      worker(job, async (_deps, data) => void alone.push(data.n), 1, {
        size: 10,
        handle: async (_deps, jobs) => void batches.push(jobs.map((j) => j.data.n)),
      }),
      t.rt.deps,
    );
    await waitFor(
      () => completed('test.batched'),
      (rows) => rows.length === 5 && rows.every((r) => r.state === 'completed'),
    );
    expect(batches.flat().sort()).toEqual([1, 2, 3, 4, 5]);
    expect(alone).toEqual([]);
  }, 60_000);

  it('runs each job alone when its batch fails: a failing job retries on its own, the others complete', async () => {
    const job = defineJob({ name: 'test.batch-fails', schema: z.object({ n: z.number() }), retryLimit: 1, retryDelaySeconds: 1 });
    await t.rt.queue.ensure(job as never);
    await t.rt.queue.enqueueMany(
      undefined,
      job,
      [1, 2, 3].map((n) => ({ n })),
    );
    await t.rt.queue.boss.send('test.batch-fails', { n: 'not a number' });
    const alone: number[] = [];
    let batchCalls = 0;
    await t.rt.queue.work(
      worker(
        job,
        async (_deps, data) => {
          alone.push(data.n);
          if (data.n === 2) throw new Error('poison');
        },
        1,
        {
          size: 10,
          handle: async () => {
            batchCalls++;
            throw new Error('the batch fails as a whole');
          },
        },
      ),
      t.rt.deps,
    );
    const rows = await waitFor(
      () => completed('test.batch-fails'),
      (r) => r.length === 4 && r.every((x) => x.state === 'completed' || x.state === 'failed'),
    );
    expect(batchCalls).toBeGreaterThanOrEqual(1);
    expect(rows.filter((r) => r.state === 'completed').map((r) => r.n)).toEqual(['1', '3']);
    // job 2 ran once, then once more as its retry; the invalid payload never reached a handler
    expect(alone.filter((n) => n === 2)).toHaveLength(2);
    expect(alone.filter((n) => n !== 2).sort()).toEqual([1, 3]);
    const dead = await waitFor(
      () => t.rt.queue.boss.findJobs(deadLetterName('test.batch-fails')),
      (jobs) => jobs.length === 2,
    );
    expect(dead.map((d) => JSON.stringify(d.data)).sort()).toEqual(['{"n":"not a number"}', '{"n":2}']);
  }, 60_000);
});
