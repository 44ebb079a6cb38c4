// The campaigns module's public door: WhatsApp message templates, the campaign wizard (drafts, audience,
// validation), durable paced sending and the outbound history.
export { messageTemplates, campaigns as campaignsTable, campaignRecipients, campaignAudience, campaignSenders } from './tables';
