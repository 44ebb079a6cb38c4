// The import's jobs. The import job is enqueued in the transaction that starts the import; it is idempotent (its
// progress is committed with each batch, so a second run resumes after the last committed row, or does nothing).
import { z } from 'zod';
import { defineJob } from '../../../platform/queue';

export const importContactsJob = defineJob({
  name: 'contacts.import',
  schema: z.object({ workspaceId: z.uuid(), importId: z.uuid() }).strict(),
  // 100,000 rows take about a minute on PostgreSQL, longer on the embedded engine: never expire one mid-way.
  expireInSeconds: 3600,
});

/** Hourly: abandoned drafts and stalled imports lose their file; old rejected rows are deleted. */
export const importSweepJob = defineJob({ name: 'contacts.import-sweep', schema: z.object({}).strict(), retryLimit: 1 });
