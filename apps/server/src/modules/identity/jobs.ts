import { z } from 'zod';
import { defineJob, worker } from '../../platform/queue';
import { purgeDeadSessions } from './sessions';

/** Hourly housekeeping: drop sessions past their idle or absolute timeout. */
export const purgeSessionsJob = defineJob({ name: 'identity.purge-sessions', schema: z.object({}).strict() });

export const identityJobs = [worker(purgeSessionsJob, (deps) => purgeDeadSessions(deps), 1)];
export const identitySchedules = [{ job: purgeSessionsJob, cron: '17 * * * *' }];
