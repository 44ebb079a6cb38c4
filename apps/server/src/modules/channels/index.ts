// The channels module's public door: provider channels, their webhooks and outbound delivery.
export type { NormalizedEvent, NormalizedMessage, NormalizedStatus, NormalizedReferral } from './normalized';
export { inboundEventJob, sendMessageJob } from './jobs';
export { loadInboundEvent, markEventsProcessed, recordEventError, ingestWhatsAppWebhook } from './ingest';
export { getChannel, listChannels } from './repository';
export type { ChannelRow } from './repository';
export { sendOutbound, ChannelSendError } from './send';
export type { OutboundRequestContent, SendRequest } from './send';
export { channelRoutes } from './routes';
export { whatsappWebhookRoutes } from './whatsapp/webhook-routes';
export { createWhatsAppChannel } from './manage';
