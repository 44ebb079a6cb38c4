import { worker, type JobWorker } from '../../../platform/queue';
import type { BulkHooks } from './hooks';
import { bulkActionJob } from './job-definition';
import { runBulkAction } from './run-job';

/** The contacts module's job workers; the hooks come from the composition root (jobs.ts). */
export function contactJobs(hooks: BulkHooks): JobWorker<unknown>[] {
  return [worker(bulkActionJob, (deps, data) => runBulkAction(deps, hooks, data), 2)] as JobWorker<unknown>[];
}
