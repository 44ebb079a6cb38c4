import type { ApiToken } from '@parley/contracts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import { recordAudit } from './audit';
import type { Principal } from './principal';
import { newSecret, sha256 } from './secrets';
import { apiTokens } from './tables';

export const API_TOKEN_PREFIX = 'prl_';

type Row = typeof apiTokens.$inferSelect;
const toDto = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
});

export async function listApiTokens(deps: Deps, p: Principal): Promise<ApiToken[]> {
  const rows = await deps.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.workspaceId, p.workspaceId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toDto);
}

/** Create a token; its secret is returned here once and only its hash is kept. */
export async function createApiToken(deps: Deps, p: Extract<Principal, { kind: 'user' }>, name: string, ip?: string) {
  const token = newSecret(API_TOKEN_PREFIX);
  return withTx(deps.db, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        workspaceId: p.workspaceId,
        name,
        tokenHash: sha256(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        createdBy: p.userId,
        createdAt: deps.clock.now(),
      })
      .returning();
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'api_token.created',
      targetType: 'api_token',
      targetId: row!.id,
      details: { name },
      ip,
    });
    return { ...toDto(row!), token };
  });
}

export async function revokeApiToken(deps: Deps, p: Principal, tokenId: string, ip?: string) {
  await withTx(deps.db, async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: deps.clock.now() })
      .where(and(eq(apiTokens.workspaceId, p.workspaceId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!row) throw notFound('API token');
    await recordAudit(tx, deps.clock, p, p.workspaceId, { action: 'api_token.revoked', targetType: 'api_token', targetId: tokenId, ip });
  });
}

/** The principal behind a bearer token, or null. */
export async function resolveApiToken(deps: Deps, token: string): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await deps.db
    .select({ workspaceId: apiTokens.workspaceId, id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  const now = deps.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await deps.db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.workspaceId, row.workspaceId), eq(apiTokens.id, row.id)));
  }
  return { kind: 'api_token', workspaceId: row.workspaceId, tokenId: row.id, role: 'admin' };
}
