// Database maintenance where autovacuum does not run (the embedded engine, or a server with it switched off; see
// platform/db/maintenance.ts): statistics when a worker starts and every ten minutes, dead rows freed every night.
// Where autovacuum runs, these jobs find that out and do nothing.
import { z } from 'zod';
import { maintainDatabase } from './platform/db';
import type { Deps } from './platform/deps';
import { defineJob, worker } from './platform/queue';

export const analyzeJob = defineJob({ name: 'database.analyze', schema: z.object({}).strict() });
export const vacuumJob = defineJob({ name: 'database.vacuum', schema: z.object({}).strict() });

const maintain = (vacuum: boolean) => async (deps: Deps) => {
  const started = performance.now();
  const outcome = await maintainDatabase(deps.db, deps.engine, { vacuum });
  if (outcome !== 'autovacuum') deps.log.info({ outcome, ms: Math.round(performance.now() - started) }, 'database maintenance');
};

export const maintenanceJobs = [worker(analyzeJob, maintain(false), 1), worker(vacuumJob, maintain(true), 1)];
export const maintenanceSchedules = [
  { job: analyzeJob, cron: '*/10 * * * *' },
  { job: vacuumJob, cron: '53 3 * * *' },
];
