// The conversations module's public door: the state machine, messages, sessions, the window, statistics.
export { processInboundEvent } from './process-event';
export { deliverMessage } from './deliver-message';
export { closeExpiredConversations } from './housekeeping';
export { queueOutbound } from './send-message';
export type { OutboundContent } from './send-message';
export { getConversationSettings } from './settings';
export { conversationRoutes, linkRedirectRoutes } from './routes';
export { conversationJobs, conversationSchedules } from './jobs';
