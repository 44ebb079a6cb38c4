import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { contactSessions } from './tables';

export interface SessionTouch {
  started: boolean;
  addedSeconds: number;
}

/**
 * Put a message into the contact's current session, or start a new one after a gap longer than the
 * session length (never, for a contact with an infinite session). The caller holds the contact's row lock.
 */
export async function touchSession(
  tx: Db,
  s: { workspaceId: string; contactId: string; channelId: string; at: Date; sessionMinutes: number; infinite: boolean; byAgent?: boolean },
): Promise<SessionTouch> {
  const [current] = await tx
    .select()
    .from(contactSessions)
    .where(and(eq(contactSessions.workspaceId, s.workspaceId), eq(contactSessions.contactId, s.contactId)))
    .orderBy(desc(contactSessions.endedAt))
    .limit(1);
  const gapMs = current ? s.at.getTime() - current.endedAt.getTime() : Infinity;
  if (current && (s.infinite || gapMs <= s.sessionMinutes * 60_000)) {
    // A message older than the session's end (out of order) lies inside it: it adds no time.
    const added = Math.max(0, gapMs) / 1000;
    await tx
      .update(contactSessions)
      .set({
        endedAt: sql`greatest(${contactSessions.endedAt}, ${s.at})`,
        messageCount: sql`${contactSessions.messageCount} + 1`,
        hadAgent: s.byAgent ? true : contactSessions.hadAgent,
      })
      .where(and(eq(contactSessions.workspaceId, s.workspaceId), eq(contactSessions.id, current.id)));
    return { started: false, addedSeconds: added };
  }
  await tx.insert(contactSessions).values({
    workspaceId: s.workspaceId,
    contactId: s.contactId,
    channelId: s.channelId,
    startedAt: s.at,
    endedAt: s.at,
    messageCount: 1,
    hadAgent: s.byAgent ?? false,
  });
  return { started: true, addedSeconds: 0 };
}
