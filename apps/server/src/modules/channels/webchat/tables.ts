import { bigserial, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../db/columns';

/** What a widget shows for one message: plain text, and the choices a visitor can tap (sent back as text). */
export interface WidgetMessageBody {
  text: string;
  options?: string[];
}

/**
 * The widget's mailbox: every message a visitor sent or was sent, as the widget shows it. The widget is its
 * own provider, so this plays the part Meta's servers play for WhatsApp — a visitor who was offline, or opens
 * a second tab, reads what they missed here (from `seq` on), with no reach into the conversation core.
 */
export const webchatMessages = pgTable(
  'webchat_messages',
  {
    workspaceId: uuid('workspace_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    /** `in:<client message id>` or `out:<our message id>`: a resend or a retried send is stored once. */
    key: text('key').notNull(),
    direction: text('direction').$type<'in' | 'out'>().notNull(),
    body: jsonb('body').$type<WidgetMessageBody>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    /** Arrival order, the cursor a reconnecting widget sends back ("everything after 41"). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.channelId, t.visitorId, t.key] }),
    index('webchat_messages_by_visitor').on(t.workspaceId, t.channelId, t.visitorId, t.seq),
  ],
);
