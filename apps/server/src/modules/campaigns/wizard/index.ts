// The campaign wizard (seed 004): drafts saved step by step, the audience (file, customers, segment), variables,
// preview, validation into Messages and Rejected, confirm (→ `scheduled`, picked up by sending) and retarget.
export { campaignWizardRoutes, MAX_AUDIENCE_FILE_BYTES } from './routes';
export { CAMPAIGN_CONTACT_SOURCE } from './confirm-campaign';
