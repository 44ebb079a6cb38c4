import type { z } from 'zod';
import type { Deps } from '../deps';

/** A kind of job: its queue name, payload schema and retry policy. Modules define theirs with defineJob. */
export interface JobDefinition<T> {
  name: string;
  schema: z.ZodType<T>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /**
   * Wake workers by NOTIFY the moment a job is created (default true). NOTIFY serialises commits in
   * PostgreSQL (a single-insert transaction drops from ~4,800 to ~1,200/s here), so high-volume kinds turn it
   * off and rely on a short poll with burst fetching instead.
   */
  notify?: boolean;
}

export function defineJob<T>(def: JobDefinition<T>): JobDefinition<T> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/.test(def.name)) throw new Error(`bad job name ${def.name}`);
  return def;
}

export interface JobContext {
  id: string;
  retryCount: number;
}

/** Handlers run outside any transaction; they open their own and must be idempotent (jobs can run twice). */
export type JobHandler<T> = (deps: Deps, data: T, job: JobContext) => Promise<void>;

/**
 * Runs a fetched batch of jobs together (one transaction, set-based statements), all or nothing. When it throws,
 * each job of the batch runs again on its own through the worker's `handle`, which owns retries and errors: so a
 * batch handler is only ever a faster way to the same effects, never the only way.
 */
export type BatchHandler<T> = (deps: Deps, jobs: Array<{ data: T; job: JobContext }>) => Promise<void>;

/** A worker's batch handler and how many jobs it takes at once (pg-boss fetches and completes them together). */
export interface BatchWork<T> {
  handle: BatchHandler<T>;
  size: number;
}

export interface JobWorker<T = never> {
  job: JobDefinition<T>;
  handle: JobHandler<T>;
  concurrency?: number;
  batch?: BatchWork<T>;
}

export function worker<T>(job: JobDefinition<T>, handle: JobHandler<T>, concurrency = 2, batch?: BatchWork<T>): JobWorker<T> {
  return { job, handle, concurrency, ...(batch ? { batch } : {}) };
}

export const deadLetterName = (name: string) => `${name}.dead`;
