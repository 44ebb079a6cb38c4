// Every job kind the worker consumes and every recurring schedule, gathered from the modules' doors.
import { externalBotJobs, onCustomerMessage } from './modules/bot';
import {
  campaignSendingBootJobs,
  campaignSendingJobs,
  campaignSendingSchedules,
  followRecipientStatus,
  onTemplateStatusChange,
  templateJobs,
} from './modules/campaigns';
import { channelJobs } from './modules/channels';
import { contactDataHolders } from './contact-data';
import { privacyJobs, privacySchedules } from './modules/contacts';
import { contactJobs } from './modules/contacts';
import { contactBulkHooks } from './contact-sources';
import { contactImportJobs, contactImportSchedules } from './modules/contacts';
import { conversationJobs, conversationSchedules, type InboundHooks } from './modules/conversations';
import { identityJobs, identitySchedules } from './modules/identity';
import { routingJobs, routingSchedules } from './modules/routing';
import { analyzeJob, maintenanceJobs, maintenanceSchedules } from './maintenance-jobs';
import type { JobWorker } from './platform/queue';

/**
 * What runs in the transaction of each new customer message: the bot; and of other provider changes: template
 * status updates (campaigns). Passed to the conversation core here, at the composition root, so conversations
 * and channels never import the modules that react to them.
 */
export const inboundHooks: InboundHooks = {
  customerMessage: [onCustomerMessage],
  providerChange: [onTemplateStatusChange],
  // Campaign recipients follow their message's statuses (sent, delivered, read, failed), in the same transaction.
  messageStatus: [followRecipientStatus],
};

export const jobWorkers = [
  ...identityJobs,
  ...channelJobs,
  ...conversationJobs(inboundHooks),
  ...externalBotJobs,
  ...routingJobs,
  ...templateJobs,
  ...campaignSendingJobs,
  ...contactImportJobs,
  ...contactJobs(contactBulkHooks),
  ...privacyJobs(contactDataHolders),
  ...maintenanceJobs,
] as JobWorker<unknown>[];
export const schedules = [
  ...identitySchedules,
  ...conversationSchedules,
  ...routingSchedules,
  ...campaignSendingSchedules,
  ...contactImportSchedules,
  ...privacySchedules,
  ...maintenanceSchedules,
];
/**
 * Jobs a worker enqueues once when it starts (e.g. take back running campaigns after a crash, without waiting a
 * minute; statistics for a database nobody analyses, before its plans settle).
 */
export const bootJobs = [...campaignSendingBootJobs, analyzeJob];
