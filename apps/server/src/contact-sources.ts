// What the contacts module reads from, and tells, modules that import it (channels, conversations, campaigns):
// wired here, at the composition root, so no module imports in a cycle.
import { contactDataHolders } from './contact-data';
import { contactCampaignsOf } from './modules/campaigns';
import { listChannels } from './modules/channels';
import type { BulkHooks, ProfileSources } from './modules/contacts';
import { contactConversationsOf, contactSessionsOf, firstCustomerTextOf } from './modules/conversations';

export const contactProfileSources: ProfileSources = {
  channels: async (db, workspaceId) => (await listChannels(db, workspaceId)).map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
  sessions: contactSessionsOf,
  conversations: contactConversationsOf,
  campaigns: contactCampaignsOf,
  firstCustomerText: firstCustomerTextOf,
};

/** Bulk delete erases through every module's data holder, like a GDPR erasure. */
export const contactBulkHooks: BulkHooks = { contactDataHolders };
