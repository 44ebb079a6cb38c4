// The conversations module's public door: the state machine, messages, sessions, the window, statistics.
export { processInboundEvent } from './process-event';
export type { CustomerMessageEvent, CustomerMessageListener, InboundHooks } from './customer-message';
export { noInboundHooks } from './customer-message';
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
export type { ConversationState } from './tables';
export { getConversationSettings } from './settings';
export { conversationRoutes, linkRedirectRoutes } from './routes';
export { conversationJobs, conversationSchedules } from './jobs';
