// The channels module's public door: provider channels, their webhooks and outbound delivery.
export type { NormalizedEvent, NormalizedMessage, NormalizedStatus, NormalizedReferral } from './normalized';
export { inboundEventJob, sendMessageJob } from './jobs';
export { ingestWhatsAppWebhook } from './ingest';
export {
  loadInboundEvent,
  loadInboundEvents,
  markEventsProcessed,
  oldestUnprocessedEvent, // campaign reconciliation waits until every stored status webhook of the number is applied
  pendingEventsOfKeys,
  recordEventError,
  type StoredInboundEvent,
} from './inbound-events';
export { getChannel, listChannels } from './repository';
export type { ChannelRow } from './repository';
export { sendOutbound, ChannelSendError, validateOutboundContent } from './send';
export type { OutboundRequestContent, SendRequest } from './send';
export { channelRoutes } from './routes';
export { whatsappWebhookRoutes } from './whatsapp/webhook-routes';
export { telegramWebhookRoutes } from './telegram/webhook-routes';
export { createWhatsAppChannel } from './manage';
export { Simulator } from './simulator';
export { simulatorRoutes } from './simulator-routes';
// The local fake of Meta's Graph API: the simulator runs on it, and so do tests and benchmarks.
export { startFakeGraph } from './whatsapp/fake-graph';
export type { FakeGraph } from './whatsapp/fake-graph';
export { downloadMediaJob, downloadMedia } from './media';
// Files staff attach in the desk: stored here, uploaded to the provider when a message sends one.
export { storeOutboundMedia, outboundFile, checkOutboundUpload } from './outbound-media';
export { channelJobs } from './jobs';
export { channelCapabilities, channelKindOf } from './capabilities';
export type { ChannelCapabilities } from './capabilities';
export type { ChannelKind } from './tables';
// The website chat widget: its public routes (script, socket, test page) and its admin settings.
export { widgetRoutes, webchatAdminRoutes } from './webchat';
// WhatsApp message templates through the Business Management API (the campaigns module keeps them).
export { openWabaAccess } from './whatsapp/templates-access';
export type { WabaAccess } from './whatsapp/templates-access';
export { GraphApiError } from './whatsapp/wire';
export type { GraphTemplate, GraphTemplateButton, GraphTemplateComponent, GraphTemplateCreate } from './whatsapp/wire';
// What this module keeps about contacts, for merge, GDPR export / erasure and retention (src/contact-data.ts).
export { channelsContactData } from './contact-data';
