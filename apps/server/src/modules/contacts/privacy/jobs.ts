import { z } from 'zod';
import { defineJob, worker } from '../../../platform/queue';
import type { ContactDataHolder } from './contact-data';
import { runRetention } from './retention';

/** Daily: apply each workspace's retention policy. Idempotent (what is already erased is not found again). */
export const retentionJob = defineJob({
  name: 'contacts.retention',
  schema: z.object({}).strict(),
  retryLimit: 1,
  // A first run on years of history takes a while; it also stops itself after its batch budget.
  expireInSeconds: 3600,
});

export function privacyJobs(holders: readonly ContactDataHolder[]) {
  return [worker(retentionJob, (deps) => runRetention(deps, holders), 1)];
}
// 03:27 UTC, away from the hour when other housekeeping runs.
export const privacySchedules = [{ job: retentionJob, cron: '27 3 * * *' }];
