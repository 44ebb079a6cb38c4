import type { BulkOperation, ContactSelection } from '@parley/contracts';
import { integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../db/columns';

export type BulkSelection = { ids: string[] } | { allMatching: ContactSelection };

/**
 * One bulk action on contacts, inline (small sets) or as a job. The job first copies the contacts it applies to
 * into bulk_action_targets (so "all N matching" means the N matching when it started), then takes them in batches:
 * each batch deletes its targets, applies the operation and adds to done / failed in one transaction, so a job
 * delivered twice never applies a contact twice.
 */
export const bulkActions = pgTable(
  'bulk_actions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    operation: jsonb('operation').$type<BulkOperation>().notNull(),
    mode: text('mode', { enum: ['inline', 'job'] }).notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    /** What to collect, kept only until the job has collected it (a search text may be a customer's name). */
    selection: jsonb('selection').$type<BulkSelection>(),
    /** When the selection's relative dates ("-30d") are read from. */
    selectedAt: timestamptz('selected_at').notNull(),
    total: integer('total'),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    failures: jsonb('failures').$type<Array<{ contactId: string; reason: string }>>().notNull().default([]),
    error: text('error'),
    segmentId: uuid('segment_id'),
    actorType: text('actor_type', { enum: ['user', 'api_token'] }).notNull(),
    actorId: uuid('actor_id').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** The contacts a job still has to do; a row is deleted in the transaction that applies it. */
export const bulkActionTargets = pgTable(
  'bulk_action_targets',
  {
    workspaceId: uuid('workspace_id').notNull(),
    actionId: uuid('action_id').notNull(),
    contactId: uuid('contact_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.actionId, t.contactId] })],
);
