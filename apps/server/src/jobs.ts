// Every job kind the worker consumes and every recurring schedule, gathered from the modules' doors.
import { externalBotJobs, onCustomerMessage } from './modules/bot';
import { channelJobs } from './modules/channels';
import { conversationJobs, conversationSchedules, type InboundHooks } from './modules/conversations';
import { identityJobs, identitySchedules } from './modules/identity';
import { routingJobs, routingSchedules } from './modules/routing';
import type { JobWorker } from './platform/queue';

/**
 * What runs in the transaction of each new customer message: the bot. Passed to the conversation core here, at
 * the composition root, so conversations never imports the modules that react to it.
 */
export const inboundHooks: InboundHooks = { customerMessage: [onCustomerMessage] };

export const jobWorkers = [
  ...identityJobs,
  ...channelJobs,
  ...conversationJobs(inboundHooks),
  ...externalBotJobs,
  ...routingJobs,
] as JobWorker<unknown>[];
export const schedules = [...identitySchedules, ...conversationSchedules, ...routingSchedules];
