// The campaigns module's public door: WhatsApp message templates, the campaign wizard (drafts, audience,
// validation), durable paced sending and the outbound history.
export { messageTemplates, campaigns as campaignsTable, campaignRecipients, campaignAudience, campaignSenders } from './tables';
// Templates: routes, the look-ups other campaign code and the API send use, the status webhook listener, jobs.
export { templateRoutes } from './templates/routes';
export { getTemplate, type TemplateRow } from './templates/repository';
export { findSendableTemplate } from './templates/find-sendable-template';
export { onTemplateStatusChange } from './templates/apply-template-status';
export { templateJobs, templatesSyncJob } from './templates/jobs';
export { syncTemplates } from './templates/sync-templates';
// The campaign wizard's API: drafts, audience, preview, validation, confirm, retarget.
export { campaignWizardRoutes } from './wizard';
// Sending (ADR 0005): the dispatcher's jobs and schedule, the status listener recipients follow, the controls, the
// history API, and `kickCampaign` (wake a campaign's dispatcher after a confirm or resume).
export {
  campaignSendingRoutes,
  campaignSendingJobs,
  campaignSendingSchedules,
  campaignSendingBootJobs,
  followRecipientStatus,
  kickCampaign,
  dispatchCampaign,
  // The agent desk's template from the composer (same path as POST /messages/template).
  sendTemplateToContact,
} from './sending';
// The campaigns one contact received (their profile).
export { contactCampaignsOf } from './contact-campaigns';
// What this module keeps about contacts, for merge, GDPR export / erasure and retention (src/contact-data.ts).
export { campaignsContactData } from './contact-data';
