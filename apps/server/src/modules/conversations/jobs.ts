import { z } from 'zod';
import { inboundEventJob, sendMessageJob } from '../channels';
import { defineJob, worker } from '../../platform/queue';
import type { InboundHooks } from './customer-message';
import { deliverMessage } from './deliver-message';
import { closeExpiredConversations } from './housekeeping';
import { processInboundEvent } from './process-event';

export const housekeepingJob = defineJob({ name: 'conversations.housekeeping', schema: z.object({}).strict(), retryLimit: 1 });

/**
 * The channel's jobs run the conversation core's use cases: channels stays unaware of conversations. The app
 * passes in what reacts to a customer's message (the bot), which conversations does not import.
 */
export function conversationJobs(hooks: InboundHooks) {
  return [
    worker(inboundEventJob, (deps, data) => processInboundEvent(deps, data, hooks), 4),
    worker(sendMessageJob, deliverMessage, 4),
    worker(housekeepingJob, async (deps) => void (await closeExpiredConversations(deps)), 1),
  ];
}
export const conversationSchedules = [{ job: housekeepingJob, cron: '* * * * *' }];
