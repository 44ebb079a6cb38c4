import { z } from 'zod';
import { inboundEventJob, sendMessageJob } from '../channels';
import { defineJob, worker } from '../../platform/queue';
import type { InboundHooks } from './customer-message';
import { deliverMessage } from './deliver-message';
import { closeExpiredConversations } from './housekeeping';
import { processInboundEvent, processInboundEvents } from './process-event';

// Inbound events a worker takes at once and applies in one transaction (see processInboundEvents). Bigger batches
// mean fewer job-queue round trips per message, and row locks held a little longer.
const INBOUND_BATCH = 50;

export const housekeepingJob = defineJob({ name: 'conversations.housekeeping', schema: z.object({}).strict(), retryLimit: 1 });

/**
 * The channel's jobs run the conversation core's use cases: channels stays unaware of conversations. The app
 * passes in what reacts to a customer's message (the bot), which conversations does not import.
 */
export function conversationJobs(hooks: InboundHooks) {
  return [
    worker(inboundEventJob, (deps, data) => processInboundEvent(deps, data, hooks), 4, {
      size: INBOUND_BATCH,
      handle: (deps, jobs) =>
        processInboundEvents(
          deps,
          jobs.map((j) => j.data),
          hooks,
        ),
    }),
    worker(sendMessageJob, deliverMessage, 4),
    worker(housekeepingJob, async (deps) => void (await closeExpiredConversations(deps)), 1),
  ];
}
export const conversationSchedules = [{ job: housekeepingJob, cron: '* * * * *' }];
