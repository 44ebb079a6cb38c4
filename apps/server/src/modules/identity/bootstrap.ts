import { asc, eq, sql } from 'drizzle-orm';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { recordAudit } from './audit';
import { hashPassword } from './passwords';
import { generatePassword } from './secrets';
import { users, workspaces } from './tables';
import { findUserByEmail } from './users';

export interface AdminCreated {
  workspaceId: string;
  workspaceName: string;
  email: string;
  /** Set only when Parley made the password up: print it once, it is never shown again. */
  generatedPassword?: string;
}

// Any constant; several nodes booting together create the demo workspace once.
const BOOTSTRAP_LOCK = 0x70726c62;

/** First start: workspace "Demo" with an admin from PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD. */
export async function ensureDemoWorkspace(deps: Deps): Promise<AdminCreated | null> {
  return withTx(deps.db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    const [existing] = await tx.select({ id: workspaces.id }).from(workspaces).limit(1);
    if (existing) return null;
    const [ws] = await tx.insert(workspaces).values({ name: 'Demo' }).returning();
    return insertAdmin({ ...deps, db: tx }, ws!, { email: deps.config.admin.email, name: 'Admin', password: deps.config.admin.password });
  });
}

export interface CreateAdminInput {
  email: string;
  name?: string;
  password?: string;
  /** Defaults to the oldest workspace. */
  workspaceName?: string;
}

/** `parley create-admin`: an admin in an existing workspace. */
export async function createAdmin(deps: Deps, input: CreateAdminInput): Promise<AdminCreated> {
  return withTx(deps.db, async (tx) => {
    const [ws] = await tx
      .select()
      .from(workspaces)
      .where(input.workspaceName ? eq(workspaces.name, input.workspaceName) : undefined)
      .orderBy(asc(workspaces.createdAt))
      .limit(1);
    if (!ws)
      throw new AppError(
        'not_found',
        input.workspaceName ? `No workspace named "${input.workspaceName}"` : 'No workspace yet: run `parley start` once',
      );
    if (await findUserByEmail(tx, input.email)) throw new AppError('conflict', `A user with email ${input.email} already exists`);
    return insertAdmin({ ...deps, db: tx }, ws, { email: input.email, name: input.name ?? 'Admin', password: input.password });
  });
}

async function insertAdmin(
  deps: Deps,
  ws: { id: string; name: string },
  input: { email: string; name: string; password?: string },
): Promise<AdminCreated> {
  const generatedPassword = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(deps.config, input.password ?? generatedPassword!);
  const [user] = await deps.db
    .insert(users)
    .values({ workspaceId: ws.id, email: input.email.toLowerCase(), name: input.name, role: 'admin', passwordHash })
    .returning({ id: users.id });
  await recordAudit(deps.db, deps.clock, 'system', ws.id, {
    action: 'user.created',
    targetType: 'user',
    targetId: user!.id,
    details: { role: 'admin', by: 'bootstrap' },
  });
  return { workspaceId: ws.id, workspaceName: ws.name, email: input.email.toLowerCase(), generatedPassword };
}
