// Durable, paced campaign sending (ADR 0005) and the outbound history. The module's door (../index.ts) re-exports
// what the app and the other campaign parts use.
export { campaignSendingRoutes } from './routes';
export { campaignSendingJobs, campaignSendingSchedules, campaignSendingBootJobs } from './jobs';
export { kickCampaign, scanCampaigns } from './kick';
export { dispatchCampaign } from './dispatch';
export type { DispatchOptions, DispatchResult } from './dispatch';
export { followRecipientStatus } from './recipient-status';
export { cancelCampaign } from './cancel-campaign';
export { pauseCampaign } from './pause-campaign';
export { resumeCampaign } from './resume-campaign';
export { sendTemplateToContact } from './send-template';
