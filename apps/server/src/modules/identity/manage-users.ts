import type { CreateUserRequest, UpdateUserRequest, User } from '@parley/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { recordAudit } from './audit';
import { userDeactivatedJob } from './jobs';
import { hashPassword } from './passwords';
import type { Principal } from './principal';
import { endUserSessions } from './sessions';
import { users } from './tables';
import { findUserByEmail, getUser, toUser } from './users';

export async function listUsers(deps: Deps, p: Principal): Promise<User[]> {
  const rows = await deps.db.select().from(users).where(eq(users.workspaceId, p.workspaceId)).orderBy(asc(users.name));
  return rows.map(toUser);
}

export async function createUser(deps: Deps, p: Principal, input: CreateUserRequest, ip?: string): Promise<User> {
  if (await findUserByEmail(deps.db, input.email)) throw emailTaken();
  const passwordHash = await hashPassword(deps.config, input.password);
  return withTx(deps.db, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        workspaceId: p.workspaceId,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
        timezone: input.timezone ?? 'UTC',
        dateFormat: input.dateFormat ?? 'YYYY-MM-DD',
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw emailTaken(); // lost a race with another create of the same address
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'user.created',
      targetType: 'user',
      targetId: row.id,
      details: { role: row.role },
      ip,
    });
    return toUser(row);
  });
}

export async function updateUser(deps: Deps, p: Principal, userId: string, input: UpdateUserRequest, ip?: string): Promise<User> {
  const passwordHash = input.password ? await hashPassword(deps.config, input.password) : undefined;
  return withTx(deps.db, async (tx) => {
    const before = await getUser(tx, p.workspaceId, userId, true);
    // Only an active admin gets here, so refusing self-demotion is enough to keep one admin in every workspace.
    if (p.kind === 'user' && p.userId === userId && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw new AppError('conflict', 'You cannot deactivate or demote yourself; ask another admin');
    }

    const { password: _password, ...fields } = input;
    const [row] = await tx
      .update(users)
      .set({ ...fields, ...(passwordHash ? { passwordHash } : {}), updatedAt: deps.clock.now() })
      .where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, userId)))
      .returning();
    // Deactivation or a password reset ends every session and closes the user's sockets at once (ASVS 7.4.2).
    if (input.active === false || passwordHash) await endUserSessions({ ...deps, db: tx }, p.workspaceId, userId);
    // Their open conversations must not wait on someone who is gone (routing hands them back, after commit).
    if (input.active === false && before.active) await deps.queue.enqueue(tx, userDeactivatedJob, { workspaceId: p.workspaceId, userId });
    await deps.realtime.publish(tx, `user:${userId}`, { name: 'user.updated', data: { userId } });
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: input.active === false ? 'user.deactivated' : input.active === true && !before.active ? 'user.reactivated' : 'user.updated',
      targetType: 'user',
      targetId: userId,
      details: { fields: Object.keys(input).filter((k) => k !== 'password'), passwordReset: Boolean(passwordHash) },
      ip,
    });
    return toUser(row!);
  });
}

const emailTaken = () =>
  new AppError('conflict', 'email: a user with this email already exists', {
    issues: [{ field: 'email', message: 'a user with this email already exists' }],
  });
