import { worker } from '../../../platform/queue';
import { sweepImports } from './cancel-import';
import { importContactsJob, importSweepJob } from './job-definitions';
import { runImport } from './run-import';

// One import at a time per worker process: an import is a long stream of batches, and two would only queue on
// the workspace's batch lock (or share the same 2 cores).
export const contactImportJobs = [
  worker(importContactsJob, (deps, d) => runImport(deps, d), 1),
  worker(importSweepJob, (deps) => sweepImports(deps), 1),
];
export const contactImportSchedules = [{ job: importSweepJob, cron: '41 * * * *' }];
