import { z } from 'zod';
import { defineJob, worker } from '../../platform/queue';
import { downloadMedia, downloadMediaJob } from './media';
import { answerCallback, answerCallbackJob } from './telegram/answer-callback';

/** Process one stored inbound event (message, status…). Its handler is wired in the app's jobs.ts. */
export const inboundEventJob = defineJob({
  name: 'channels.inbound',
  schema: z.object({ workspaceId: z.uuid(), eventId: z.uuid() }).strict(),
  // One per webhook item: no NOTIFY per insert (it would cap intake); workers poll every 0.5 s in bursts.
  notify: false,
  // Retries follow JOB_RETRY_LIMIT / JOB_RETRY_DELAY_SECONDS (5 tries from 5 s, doubling): an event that
  // still fails is a poison event and goes to the dead-letter queue with its error kept beside it.
});

/** Hand a queued outbound message (and those queued with it) to its provider. Its handler is wired in the app's jobs.ts. */
export const sendMessageJob = defineJob({
  name: 'channels.send',
  // `then`: messages queued together with this one (a bot's greeting and menu), sent after it in this order.
  schema: z.object({ workspaceId: z.uuid(), messageId: z.uuid(), then: z.array(z.uuid()).max(20).optional() }).strict(),
  retryLimit: 8,
  retryDelaySeconds: 2,
});

/** Jobs the channels module runs itself (the others are wired to the conversation core in the app). */
export const channelJobs = [worker(downloadMediaJob, downloadMedia, 2), worker(answerCallbackJob, answerCallback, 2)];
