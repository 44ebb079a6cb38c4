import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import { contacts } from './tables';

/** Pause the bot for this contact for N minutes (it resumes by itself when the time passes), or resume now. */
export async function setBotPause(deps: Deps, workspaceId: string, contactId: string, minutes: number | null) {
  const until = minutes === null ? null : new Date(deps.clock.now().getTime() + minutes * 60_000);
  const [row] = await deps.db
    .update(contacts)
    .set({ botPausedUntil: until, updatedAt: deps.clock.now() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning({ id: contacts.id });
  if (!row) throw notFound('Contact');
  return until;
}

/** With an infinite session the contact's session never expires (the bot keeps its context) until turned off. */
export async function setInfiniteSession(deps: Deps, workspaceId: string, contactId: string, enabled: boolean) {
  const [row] = await deps.db
    .update(contacts)
    .set({ infiniteSession: enabled, updatedAt: deps.clock.now() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning({ id: contacts.id });
  if (!row) throw notFound('Contact');
}

export const isBotPaused = (c: { botPausedUntil: Date | null }, now: Date) => Boolean(c.botPausedUntil && c.botPausedUntil > now);
