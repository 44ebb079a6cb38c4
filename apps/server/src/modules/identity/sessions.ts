import { and, eq, gt, inArray, lt, ne, or } from 'drizzle-orm';
import type { Deps } from '../../platform/deps';
import type { Principal } from './principal';
import { newSecret, sha256 } from './secrets';
import { sessions, users } from './tables';

// last_seen_at is written at most this often, so reads do not turn into a write per request.
const TOUCH_EVERY_MS = 60_000;

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

/** A new session with a fresh token (ASVS 7.2.4: new token on every sign-in). Returns the cookie value. */
export async function createSession(deps: Deps, workspaceId: string, userId: string, meta: SessionMeta) {
  const token = newSecret();
  const now = deps.clock.now();
  const [row] = await deps.db
    .insert(sessions)
    .values({
      workspaceId,
      userId,
      tokenHash: sha256(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.config.session.maxHours * 3_600_000),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ id: sessions.id });
  return { token, sessionId: row!.id };
}

/** The principal behind a session cookie, or null if it is unknown, idle too long, expired or its user inactive. */
export async function resolveSession(deps: Deps, token: string): Promise<Principal | null> {
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.config.session.idleMinutes * 60_000);
  const [row] = await deps.db
    .select({ session: sessions, role: users.role })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .where(
      and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince), eq(users.active, true)),
    )
    .limit(1);
  if (!row) return null;
  const s = row.session;
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await deps.db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.workspaceId, s.workspaceId), eq(sessions.id, s.id)));
  }
  return { kind: 'user', workspaceId: s.workspaceId, userId: s.userId, role: row.role, sessionId: s.id };
}

/** End one session (logout) and close its sockets on every node. */
export async function endSession(deps: Deps, p: Extract<Principal, { kind: 'user' }>) {
  await deps.db.delete(sessions).where(and(eq(sessions.workspaceId, p.workspaceId), eq(sessions.id, p.sessionId)));
  await deps.realtime.endSessions(deps.db, p.userId, { only: p.sessionId });
}

/**
 * End every session of a user but one (password change keeps the one that changed it; deactivation keeps
 * none), and close their WebSockets on every node.
 */
export async function endUserSessions(deps: Deps, workspaceId: string, userId: string, exceptSessionId?: string) {
  await deps.db
    .delete(sessions)
    .where(
      and(
        eq(sessions.workspaceId, workspaceId),
        eq(sessions.userId, userId),
        exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
      ),
    );
  await deps.realtime.endSessions(deps.db, userId, { except: exceptSessionId });
}

/** Of the given session ids, those still usable (not ended, idle or expired, and their user active). */
export async function liveSessionIds(deps: Deps, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.config.session.idleMinutes * 60_000);
  const rows = await deps.db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .where(and(inArray(sessions.id, ids), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince), eq(users.active, true)));
  return new Set(rows.map((r) => r.id));
}

/** Housekeeping: forget sessions that can no longer be used. */
export async function purgeDeadSessions(deps: Deps) {
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.config.session.idleMinutes * 60_000);
  await deps.db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)));
}
