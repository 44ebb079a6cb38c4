import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../db/columns';

export type PrivacyActorType = 'user' | 'api_token' | 'system';

/**
 * A GDPR request about one contact: any staff member asks, an admin carries it out. It holds ids and counts only,
 * never the contact's name, phone or email, so it can outlive the contact it was about (proof of the erasure).
 */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    contactId: uuid('contact_id').notNull(),
    kind: text('kind', { enum: ['export', 'erase'] }).notNull(),
    status: text('status', { enum: ['pending', 'completed', 'cancelled'] })
      .notNull()
      .default('pending'),
    requestedByType: text('requested_by_type').$type<PrivacyActorType>().notNull(),
    requestedById: uuid('requested_by_id'),
    requestedAt: timestamptz('requested_at').notNull(),
    executedByType: text('executed_by_type').$type<PrivacyActorType>(),
    executedById: uuid('executed_by_id'),
    executedAt: timestamptz('executed_at'),
    /** cancelled: by whom or why ("cancelled", "contact erased", "contact merged"). */
    closedReason: text('closed_reason'),
    /** Exports: the archive is built on each download, until then. */
    downloadUntil: timestamptz('download_until'),
    /** Erasures: rows erased or anonymised by kind. */
    outcome: jsonb('outcome').$type<Record<string, number>>(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('privacy_requests_list_idx').on(t.workspaceId, t.requestedAt),
    index('privacy_requests_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

/** A workspace's retention policy (no row, or null days: keep forever), applied by the daily retention job. */
export const retentionPolicies = pgTable('retention_policies', {
  workspaceId: uuid('workspace_id').primaryKey(),
  messagesDays: integer('messages_days'),
  inactiveContactsDays: integer('inactive_contacts_days'),
  updatedAt: timestamptz('updated_at').notNull(),
  lastRunAt: timestamptz('last_run_at'),
  lastRun: jsonb('last_run').$type<Record<string, number>>(),
});
