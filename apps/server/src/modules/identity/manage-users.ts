import type { CreateUserRequest, UpdateUserRequest, User } from '@parley/contracts';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { recordAudit } from './audit';
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
    if (p.kind === 'user' && p.userId === userId && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw new AppError('conflict', 'You cannot deactivate or demote yourself; ask another admin');
    }
    const losesAdmin = before.role === 'admin' && before.active && (input.active === false || (input.role && input.role !== 'admin'));
    if (losesAdmin) await assertAnotherActiveAdmin(tx, p.workspaceId, userId);

    const { password: _password, ...fields } = input;
    const [row] = await tx
      .update(users)
      .set({ ...fields, ...(passwordHash ? { passwordHash } : {}), updatedAt: deps.clock.now() })
      .where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, userId)))
      .returning();
    // Deactivation or a password reset ends every session and closes the user's sockets at once (ASVS 7.4.2).
    if (input.active === false || passwordHash) await endUserSessions({ ...deps, db: tx }, p.workspaceId, userId);
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

async function assertAnotherActiveAdmin(tx: Deps['db'], workspaceId: string, exceptUserId: string) {
  // Lock the admins' rows so two concurrent demotions cannot both pass this check.
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'admin'), eq(users.active, true), ne(users.id, exceptUserId)))
    .for('update');
  if (admins.length === 0) throw new AppError('conflict', 'A workspace needs at least one active admin');
}

const emailTaken = () =>
  new AppError('conflict', 'email: a user with this email already exists', {
    issues: [{ field: 'email', message: 'a user with this email already exists' }],
  });

export const countUsers = async (db: Deps['db']) =>
  Number((await db.select({ n: sql<number>`count(*)` }).from(users))[0]?.n ?? 0);
