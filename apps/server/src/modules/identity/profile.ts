import type { ChangePasswordRequest, Me, UpdateMeRequest } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { hashPassword, verifyPassword } from './passwords';
import type { Principal } from './principal';
import { endUserSessions } from './sessions';
import { users, workspaces } from './tables';
import { getUser } from './users';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export async function getMe(deps: Deps, p: { workspaceId: string; userId: string }): Promise<Me> {
  const [row] = await deps.db
    .select({ user: users, workspaceName: workspaces.name })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, p.userId)));
  if (!row) throw new AppError('unauthenticated', 'Sign in again');
  const u = row.user;
  return {
    id: u.id,
    workspaceId: u.workspaceId,
    workspaceName: row.workspaceName,
    email: u.email,
    name: u.name,
    role: u.role,
    timezone: u.timezone,
    dateFormat: u.dateFormat as Me['dateFormat'],
  };
}

export async function updateMe(deps: Deps, p: UserPrincipal, input: UpdateMeRequest): Promise<Me> {
  await deps.db
    .update(users)
    .set({ ...input, updatedAt: deps.clock.now() })
    .where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, p.userId)));
  await deps.realtime.publish(deps.db, `user:${p.userId}`, { name: 'user.updated', data: { userId: p.userId } });
  return getMe(deps, p);
}

/** Change one's own password: the current one is required, and every other session ends (CVE-2021-3740). */
export async function changePassword(deps: Deps, p: UserPrincipal, input: ChangePasswordRequest): Promise<void> {
  const user = await getUser(deps.db, p.workspaceId, p.userId);
  if (!(await verifyPassword(deps.config, user.passwordHash, input.currentPassword))) {
    throw new AppError('validation_failed', 'currentPassword: is not your current password', {
      issues: [{ field: 'currentPassword', message: 'is not your current password' }],
    });
  }
  const passwordHash = await hashPassword(deps.config, input.newPassword);
  await withTx(deps.db, async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: deps.clock.now() })
      .where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, p.userId)));
    await endUserSessions({ ...deps, db: tx }, p.workspaceId, p.userId, p.sessionId);
  });
}
