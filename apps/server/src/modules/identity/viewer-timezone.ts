import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Principal } from './principal';
import { users } from './tables';

/** The time zone a principal reads times in: a user's profile zone; UTC for an API token. */
export async function viewerTimezone(db: Db, p: Principal): Promise<string> {
  if (p.kind !== 'user') return 'UTC';
  const [row] = await db
    .select({ timezone: users.timezone })
    .from(users)
    .where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, p.userId)));
  return row?.timezone ?? 'UTC';
}
