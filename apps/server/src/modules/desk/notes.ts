// Internal notes: staff write them in a conversation for each other. A note is stored in its own table and only
// announced to the workspace room (staff desks): it is never queued to a channel, never a message, and so never
// counted in the window, the statistics, the sessions or the admin lists.
import type { ConversationNote } from '@parley/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { getConversation } from '../conversations';
import { usersTable, type Principal } from '../identity';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { conversationNotes } from './tables';

const MAX_NOTES = 1000;

export async function listNotes(db: Db, workspaceId: string, conversationId: string): Promise<ConversationNote[]> {
  await getConversation(db, workspaceId, conversationId); // 404 for another workspace's or an unknown one
  const n = conversationNotes;
  const rows = await db
    .select({ note: n, authorName: usersTable.name })
    .from(n)
    .leftJoin(usersTable, and(eq(usersTable.workspaceId, n.workspaceId), eq(usersTable.id, n.authorId)))
    .where(and(eq(n.workspaceId, workspaceId), eq(n.conversationId, conversationId)))
    .orderBy(asc(n.createdAt), asc(n.id))
    .limit(MAX_NOTES);
  return rows.map((r) => toView(r.note, r.authorName));
}

export async function writeNote(deps: Deps, p: Principal, conversationId: string, text: string): Promise<ConversationNote> {
  const note = await withTx(deps.db, async (tx) => {
    const conversation = await getConversation(tx, p.workspaceId, conversationId);
    const [row] = await tx
      .insert(conversationNotes)
      .values({
        workspaceId: p.workspaceId,
        conversationId,
        contactId: conversation.contactId,
        authorId: p.kind === 'user' ? p.userId : null,
        text,
        createdAt: deps.clock.now(),
      })
      .returning();
    await deps.realtime.publish(tx, `workspace:${p.workspaceId}`, { name: 'note.created', data: { conversationId, noteId: row!.id } });
    return row!;
  });
  const [author] =
    note.authorId === null
      ? []
      : await deps.db
          .select({ name: usersTable.name })
          .from(usersTable)
          .where(and(eq(usersTable.workspaceId, p.workspaceId), eq(usersTable.id, note.authorId)));
  return toView(note, author?.name ?? null);
}

function toView(r: typeof conversationNotes.$inferSelect, authorName: string | null): ConversationNote {
  return {
    id: r.id,
    conversationId: r.conversationId,
    authorId: r.authorId,
    authorName,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
  };
}
