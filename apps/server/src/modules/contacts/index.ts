// The contacts module's public door.
export { resolveInboundContact, lastInboundUpdate, windowClosesAt, windowOpenedBy, identityKeys, addIdentityKey } from './identities';
export type { ContactRow, InboundContactInput } from './identities';
export { inboundStatsUpdate, lastMessagePreview, outboundStatsUpdate, recordClick } from './statistics';
export { matchFirstMessageTags, loadTagRules, type TagRule } from './first-message-tags';
export { scoreSentiment, phoneMatchKeys, waIdToE164, normalizePhone } from './lib';
export { contacts as contactsTable } from './tables';
// The admin menu's "templates sent" tells an unanswered template by the contact's last inbound on the channel.
export { contactIdentities as contactIdentitiesTable } from './tables';
export { contactRoutes } from './routes';
export type { ContactRouteOptions } from './routes';
export { listAttributeDefinitions, setContactAttribute, getContactAttributes, checkContactAttribute } from './attributes';
export { attributeRoutes } from './attribute-routes';
export { recordGoalCompletion, optOutOfMarketing, countUnresolvedQuery } from './bot-actions';
// Campaign audiences: segmentAudience(db, workspaceId, segmentId, { now }) yields pages (arrays) of contact ids.
export { segmentAudience } from './segment-audience';
export type { AudienceOptions } from './segment-audience';
// Campaign audiences in bulk: contacts by phone (channel identity first) or id, attribute values as text, new
// numbers made contacts; and the contacts list's selection ("add all matching") as a condition on contactsTable.
export {
  audienceContactsByIds,
  audienceContactsByPhones,
  attributeTextsOf,
  ensurePhoneContacts,
  contactDisplayName,
} from './audience-contacts';
export type { AudienceContact, PhoneContactEntry } from './audience-contacts';
export { selectionWhere } from './contact-selection';
// Import from .xlsx / .csv: its job and hourly sweep, for jobs.ts (its routes are registered by contactRoutes).
export { contactImportJobs, contactImportSchedules, contactImportData } from './import';
// Bulk actions run as a job for large sets; the composition root gives the data holders a bulk delete erases through.
export { contactJobs } from './bulk/jobs';
export type { BulkHooks } from './bulk/hooks';
// The profile reads channels, conversations and campaigns through sources the composition root provides.
export type { ProfileSources, SessionRecord, ConversationRecord, ChannelInfo } from './profile/sources';
// Merge, GDPR export / erasure and retention. Every module that keeps data about contacts gives a ContactDataHolder
// (its rows to move, erase, prune and export); the composition root hands them to the routes and jobs.
export * from './privacy';
