import { z } from 'zod';
import { defineJob } from '../../../platform/queue';

/** One customer message for the external bot; everything the event needs that may change later is re-read. */
export const externalBotJob = defineJob({
  name: 'bot.external',
  schema: z
    .object({
      workspaceId: z.uuid(),
      conversationId: z.uuid(),
      contactId: z.uuid(),
      channelId: z.uuid(),
      channelKind: z.string().max(32),
      message: z
        .object({
          id: z.uuid(),
          type: z.string().max(32),
          text: z.string().max(8192),
          interactiveId: z.string().max(512).optional(),
        })
        .strict(),
      sentAt: z.iso.datetime(),
    })
    .strict(),
  // A failed run calls the bot again with the same X-Parley-Event-Id (the bot may dedupe on it); the marker row
  // makes sure only one run ever applies an answer.
  retryLimit: 2,
  retryDelaySeconds: 2,
});
export type ExternalBotJobData = z.infer<typeof externalBotJob.schema>;
