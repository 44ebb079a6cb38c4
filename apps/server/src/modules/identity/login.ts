import type { LoginRequest } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { verifyPassword } from './passwords';
import { newSecret, sha256 } from './secrets';
import { createSession } from './sessions';
import { trustedDevices } from './tables';
import { assertNotThrottled, recordFailure, recordSuccess, type AttemptKeys } from './throttle';
import { findUserByEmail } from './users';

export interface LoginInput extends LoginRequest {
  ip: string;
  userAgent?: string;
  /** The browser's device cookie, if it has one. */
  deviceToken?: string;
}

export interface LoginResult {
  workspaceId: string;
  userId: string;
  sessionId: string;
  sessionToken: string;
  /** Set the device cookie to this (a new one when the browser had none). */
  deviceToken: string;
}

// One message whatever went wrong, so the answer never tells whether the email exists.
const invalid = () => new AppError('invalid_credentials', 'Email or password is incorrect');

export async function login(deps: Deps, input: LoginInput): Promise<LoginResult> {
  const email = input.email.toLowerCase();
  const user = await findUserByEmail(deps.db, email);
  const trusted = user && input.deviceToken ? await isTrusted(deps, user, input.deviceToken) : false;
  const keys: AttemptKeys = { ip: input.ip, email, trustedDevice: trusted ? sha256(input.deviceToken!) : undefined };

  await assertNotThrottled(deps, keys);
  const ok = await verifyPassword(deps.config, user?.passwordHash, input.password);
  if (!ok || !user || !user.active) {
    await recordFailure(deps, keys);
    throw invalid();
  }
  await recordSuccess(deps, keys);

  const deviceToken = trusted ? input.deviceToken! : newSecret();
  return withTx(deps.db, async (tx) => {
    const session = await createSession({ ...deps, db: tx }, user.workspaceId, user.id, input);
    const now = deps.clock.now();
    await tx
      .insert(trustedDevices)
      .values({ workspaceId: user.workspaceId, userId: user.id, deviceHash: sha256(deviceToken), createdAt: now, lastUsedAt: now })
      .onConflictDoUpdate({
        target: [trustedDevices.workspaceId, trustedDevices.userId, trustedDevices.deviceHash],
        set: { lastUsedAt: now },
      });
    return { workspaceId: user.workspaceId, userId: user.id, sessionId: session.sessionId, sessionToken: session.token, deviceToken };
  });
}

async function isTrusted(deps: Deps, user: { workspaceId: string; id: string }, deviceToken: string) {
  const [row] = await deps.db
    .select({ h: trustedDevices.deviceHash })
    .from(trustedDevices)
    .where(
      and(
        eq(trustedDevices.workspaceId, user.workspaceId),
        eq(trustedDevices.userId, user.id),
        eq(trustedDevices.deviceHash, sha256(deviceToken)),
      ),
    )
    .limit(1);
  return Boolean(row);
}
