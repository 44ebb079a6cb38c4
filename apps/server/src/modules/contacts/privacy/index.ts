// Merge, GDPR export / erasure and retention, as the contacts door exposes them.
export { contactPrivacyRoutes } from './routes';
export { privacyJobs, privacySchedules, retentionJob } from './jobs';
export { eraseContacts } from './erase-contacts';
export type { ErasureResult } from './erase-contacts';
export { applyRetention } from './retention';
export { addAll, containsAny, inTexts, inUuids, pgArray, rawNeedles } from './contact-data';
export type { ContactDataHolder, ErasureCounts, ErasureScope, ExportColumn, ExportContext, ExportSection, MergeMove } from './contact-data';
