// The contacts module's public door.
export { resolveInboundContact, lastInboundUpdate, windowClosesAt, windowOpenedBy, identityKeys, addIdentityKey } from './identities';
export type { ContactRow, InboundContactInput } from './identities';
export { inboundStatsUpdate, outboundStatsUpdate, recordClick } from './statistics';
export { matchFirstMessageTags, loadTagRules } from './first-message-tags';
export { scoreSentiment, phoneMatchKeys, waIdToE164, normalizePhone } from './lib';
export { contacts as contactsTable } from './tables';
export { contactRoutes } from './routes';
export { listAttributeDefinitions, setContactAttribute, getContactAttributes, checkContactAttribute } from './attributes';
export { attributeRoutes } from './attribute-routes';
export { recordGoalCompletion, optOutOfMarketing, countUnresolvedQuery } from './bot-actions';
// Campaign audiences: segmentAudience(db, workspaceId, segmentId, { now }) yields pages (arrays) of contact ids.
export { segmentAudience } from './segment-audience';
export type { AudienceOptions } from './segment-audience';
