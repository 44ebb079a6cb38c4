import { z } from 'zod';
import { defineJob } from '../../platform/queue';

/** Process one stored inbound event (message, status…). Its handler is wired in the app's jobs.ts. */
export const inboundEventJob = defineJob({
  name: 'channels.inbound',
  schema: z.object({ workspaceId: z.uuid(), eventId: z.uuid() }).strict(),
  retryLimit: 5,
  retryDelaySeconds: 2,
});

/** Hand one queued outbound message to its provider. Its handler is wired in the app's jobs.ts. */
export const sendMessageJob = defineJob({
  name: 'channels.send',
  schema: z.object({ workspaceId: z.uuid(), messageId: z.uuid() }).strict(),
  retryLimit: 8,
  retryDelaySeconds: 2,
});
