import { z } from 'zod';
import { defineJob } from '../../../platform/queue';

const ids = { workspaceId: z.uuid() };

/** Run (or resume) one campaign's dispatcher. Many may be queued: all but the lock's holder leave at once. */
export const dispatchCampaignJob = defineJob({
  name: 'campaigns.dispatch',
  schema: z.object({ ...ids, campaignId: z.uuid() }).strict(),
  retryLimit: 3,
  // A run stops itself after 5 minutes and queues its follow-up; a crashed one is replaced by the minute's scan.
  expireInSeconds: 900,
});

/** Every minute: due scheduled campaigns and running ones (a dispatcher lost with its process is replaced). */
export const scanCampaignsJob = defineJob({ name: 'campaigns.scan', schema: z.object({}).strict(), retryLimit: 1 });

/** One template sent through the API, paced on its number like a campaign's. `check`: a reconciliation run. */
export const sendTemplateJob = defineJob({
  name: 'campaigns.send-template',
  schema: z.object({ ...ids, messageId: z.uuid(), attempt: z.number().int().min(1).default(1), check: z.boolean().optional() }).strict(),
  retryLimit: 5,
});
