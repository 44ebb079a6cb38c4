import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../db/columns';

/** A note staff keep on a contact: its author (a user or an API token) and when it was written and last edited. */
export const contactNotes = pgTable(
  'contact_notes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    contactId: uuid('contact_id').notNull(),
    authorType: text('author_type', { enum: ['user', 'api_token'] }).notNull(),
    authorId: uuid('author_id'),
    text: text('text').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    editedAt: timestamptz('edited_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // The profile lists a contact's notes newest first, in keyset pages.
    index('contact_notes_contact_idx').on(t.workspaceId, t.contactId, sql`${t.createdAt} desc`, sql`${t.id} desc`),
  ],
);
