import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { invalidField, notFound } from '../../platform/errors';
import { contacts, goalCompletions } from './tables';

const MAX_GOAL_NAME = 100;

/**
 * A named goal reached in a conversation. Once per conversation and name: a repeat (or a job re-run) is a no-op.
 * Returns whether this call recorded it.
 */
export async function recordGoalCompletion(
  tx: Db,
  g: { workspaceId: string; contactId: string; conversationId: string; name: string; at: Date },
): Promise<boolean> {
  const name = g.name.trim();
  if (name === '' || [...name].length > MAX_GOAL_NAME) throw invalidField('goal', `a goal name must be 1–${MAX_GOAL_NAME} characters`);
  const rows = await tx
    .insert(goalCompletions)
    .values({ workspaceId: g.workspaceId, conversationId: g.conversationId, name, contactId: g.contactId, completedAt: g.at })
    .onConflictDoNothing()
    .returning({ name: goalCompletions.name });
  return rows.length > 0;
}

/** Opt the contact out of marketing (campaigns skip them). The first opt-out's time is kept. */
export async function optOutOfMarketing(tx: Db, workspaceId: string, contactId: string, at: Date): Promise<void> {
  const [row] = await tx
    .update(contacts)
    .set({
      optedOutMarketing: true,
      optedOutAt: sql`coalesce(${contacts.optedOutAt}, ${at})`,
      updatedAt: at,
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning({ id: contacts.id });
  if (!row) throw notFound('Contact');
}

/** The bot had to ask for a human: one more unresolved query on the contact (atomic). */
export async function countUnresolvedQuery(tx: Db, workspaceId: string, contactId: string): Promise<void> {
  await tx
    .update(contacts)
    .set({ unresolvedQueries: sql`${contacts.unresolvedQueries} + 1` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
}
