import { z } from 'zod';
import { defineJob, worker } from '../../platform/queue';
import { purgeDeadSessions } from './sessions';

/** Hourly housekeeping: drop sessions past their idle or absolute timeout. */
export const purgeSessionsJob = defineJob({ name: 'identity.purge-sessions', schema: z.object({}).strict() });

/**
 * A staff user was deactivated. Enqueued in the deactivation's transaction; routing works it (its open conversations
 * go back to the queue) — identity does not know routing, which imports identity.
 */
export const userDeactivatedJob = defineJob({
  name: 'identity.user-deactivated',
  schema: z.object({ workspaceId: z.uuid(), userId: z.uuid() }).strict(),
});

export const identityJobs = [worker(purgeSessionsJob, (deps) => purgeDeadSessions(deps), 1)];
export const identitySchedules = [{ job: purgeSessionsJob, cron: '17 * * * *' }];
