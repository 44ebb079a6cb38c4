import { z } from 'zod';
import { defineJob } from '../../../platform/queue';

/** Carries ids only: what the action applies to is in bulk_actions / bulk_action_targets, never in a payload. */
export const bulkActionJob = defineJob({
  name: 'contacts.bulk-action',
  schema: z.object({ workspaceId: z.uuid(), actionId: z.uuid() }).strict(),
  retryLimit: 5,
  retryDelaySeconds: 5,
  // Each run works for at most RUN_BUDGET_MS, then queues its continuation.
  expireInSeconds: 300,
});
