import { z } from 'zod';
import { defineJob, worker } from '../../platform/queue';
import { downloadMedia, downloadMediaJob } from './media';

/** Process one stored inbound event (message, status…). Its handler is wired in the app's jobs.ts. */
export const inboundEventJob = defineJob({
  name: 'channels.inbound',
  schema: z.object({ workspaceId: z.uuid(), eventId: z.uuid() }).strict(),
  // One per webhook item: no NOTIFY per insert (it would cap intake); workers poll every 0.5 s in bursts.
  notify: false,
  // Retries follow JOB_RETRY_LIMIT / JOB_RETRY_DELAY_SECONDS (5 tries from 5 s, doubling): an event that
  // still fails is a poison event and goes to the dead-letter queue with its error kept beside it.
});

/** Hand one queued outbound message to its provider. Its handler is wired in the app's jobs.ts. */
export const sendMessageJob = defineJob({
  name: 'channels.send',
  schema: z.object({ workspaceId: z.uuid(), messageId: z.uuid() }).strict(),
  retryLimit: 8,
  retryDelaySeconds: 2,
});

/** Jobs the channels module runs itself (the others are wired to the conversation core in the app). */
export const channelJobs = [worker(downloadMediaJob, downloadMedia, 2)];
