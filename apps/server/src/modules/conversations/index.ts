// The conversations module's public door: the state machine, messages, sessions, the window, statistics.
export { processInboundEvent, processInboundEvents } from './process-event';
export type {
  CustomerMessageEvent,
  CustomerMessageKeys,
  CustomerMessageListener,
  InboundHooks,
  ProviderChangeEvent,
  ProviderChangeListener,
} from './customer-message';
export { noInboundHooks } from './customer-message';
export type { MessageStatusEvent, MessageStatusListener } from './customer-message';
// Template messages whose provider call the caller owns and paces (campaign sending, the API's template send).
export { recordOutboundTemplates, recordHandedOver, recordNotSent, OUTBOUND_ONLY_REASON } from './outbound-templates';
export type { OutboundTemplateItem } from './outbound-templates';
export { deliverMessage } from './deliver-message';
export { closeExpiredConversations } from './housekeeping';
export { queueOutbound, queueOutboundMany } from './send-message';
export type { OutboundContent, QueueOutboundInput } from './send-message';
export { assertTransition, closeConversation, getConversation } from './state';
export type { ConversationRow } from './state';
export { handOffConversation } from './hand-off';
export { announceQueueChange, queueChangedJob } from './queue-events';
export type { QueueChange } from './queue-events';
// Routing assigns, transfers and reserves with conditional updates on this table (ADR 0003).
export { conversations as conversationsTable } from './tables';
// Campaigns count the unique recipients a number messaged with templates in the last 24 hours (daily limit).
export { messages as messagesTable } from './tables';
export type { ConversationState } from './tables';
export { getConversationSettings } from './settings';
export { conversationRoutes, linkRedirectRoutes } from './routes';
// The agent desk (modules/desk): its Mine / Queue lists, the thread's messages and the profile's sessions.
export { listConversations, toMessageView } from './views';
export { contactSessions as contactSessionsTable } from './tables';
export { conversationJobs, conversationSchedules } from './jobs';
// A contact's history for their profile (handed to the contacts module at the composition root).
export { contactSessionsOf, contactConversationsOf, firstCustomerTextOf } from './contact-history';
export type { ContactSessionRecord, ContactConversationRecord } from './contact-history';
// What this module keeps about contacts, for merge, GDPR export / erasure and retention (src/contact-data.ts).
export { conversationsContactData } from './contact-data';
