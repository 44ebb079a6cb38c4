// The contacts module's public door.
export { resolveInboundContact, markInbound, windowClosesAt, identityKeys, addIdentityKey } from './identities';
export type { ContactRow, InboundContactInput } from './identities';
export { recordInboundStats, recordOutboundStats, recordClick } from './statistics';
export { matchFirstMessageTags, loadTagRules } from './first-message-tags';
export { scoreSentiment, phoneMatchKeys, waIdToE164, normalizePhone } from './lib';
export { contacts as contactsTable } from './tables';
export { contactRoutes } from './routes';
