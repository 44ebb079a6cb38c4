import type { User } from '@parley/contracts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { users } from './tables';

export type UserRow = typeof users.$inferSelect;

export const toUser = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  timezone: u.timezone,
  dateFormat: u.dateFormat as User['dateFormat'],
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return row;
}

/** A user of this workspace; any other workspace's id answers 404, as if it did not exist. */
export async function getUser(db: Db, workspaceId: string, userId: string, forUpdate = false): Promise<UserRow> {
  const q = db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)))
    .limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('User');
  return row;
}

/** Which of these ids are active users of the workspace (other modules validate member lists with it). */
export async function activeUserIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.active, true), inArray(users.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}
