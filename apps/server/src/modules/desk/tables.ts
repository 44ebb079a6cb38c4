import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../db/columns';

/** The workspace's canned replies: a title, a `/shortcut` the composer completes, and text with `{{placeholders}}`. */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    /** Stored lower-case with its leading "/": unique in the workspace. */
    shortcut: text('shortcut').notNull(),
    text: text('text').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('canned_replies_shortcut_key').on(t.workspaceId, t.shortcut)],
);

/**
 * Internal notes in a conversation: for staff only. Kept apart from `messages` on purpose — nothing that reads
 * messages (sending, the window, statistics, sessions, exports, the admin lists) can ever see or count one.
 */
export const conversationNotes = pgTable(
  'conversation_notes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    conversationId: uuid('conversation_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** The staff user who wrote it (null: an API token). */
    authorId: uuid('author_id'),
    text: text('text').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('conversation_notes_conversation_idx').on(t.workspaceId, t.conversationId, t.createdAt),
    // GDPR erasure and export find a contact's notes.
    index('conversation_notes_contact_idx').on(t.workspaceId, t.contactId),
  ],
);
