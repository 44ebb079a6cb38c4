// The conversations module's public door: the state machine, messages, sessions, the window, statistics.
export { processInboundEvent } from './process-event';
export type {
  CustomerMessageEvent,
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
export { conversationJobs, conversationSchedules } from './jobs';
