import { DEFAULT_EXTERNAL_BOT_FALLBACK, type ExternalBotSettingsView, type PutExternalBotRequest } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { invalidField } from '../../../platform/errors';
import { recordAudit, type Principal } from '../../identity';
import { resolveTarget, type Resolver } from './address-guard';
import type { BotTarget } from './call-bot';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, externalBotSettings } from './tables';

export type ExternalBotRow = typeof externalBotSettings.$inferSelect;

export interface ExternalBotConfig extends BotTarget {
  fallbackReply: string;
}

export async function loadExternalBot(db: Db, workspaceId: string): Promise<ExternalBotRow | undefined> {
  const [row] = await db.select().from(externalBotSettings).where(eq(externalBotSettings.workspaceId, workspaceId));
  return row;
}

/** The settings with the secret opened, for a call; undefined when none are saved. */
export async function externalBotConfig(deps: Deps, workspaceId: string): Promise<ExternalBotConfig | undefined> {
  const row = await loadExternalBot(deps.db, workspaceId);
  if (!row) return undefined;
  return {
    url: row.url,
    secret: deps.secrets.open(row.sealedSecret),
    timeoutMs: Math.min(row.timeoutMs, MAX_TIMEOUT_MS),
    allowPrivateNetwork: row.allowPrivateNetwork,
    fallbackReply: row.fallbackReply,
  };
}

export function toSettingsView(row: ExternalBotRow | undefined): ExternalBotSettingsView {
  if (!row) {
    return {
      configured: false,
      url: null,
      secretSet: false,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      fallbackReply: DEFAULT_EXTERNAL_BOT_FALLBACK,
      allowPrivateNetwork: false,
      updatedAt: null,
    };
  }
  return {
    configured: true,
    url: row.url,
    secretSet: row.sealedSecret !== '',
    timeoutMs: row.timeoutMs,
    fallbackReply: row.fallbackReply,
    allowPrivateNetwork: row.allowPrivateNetwork,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Save the settings (audited). The URL must be http(s) and, without the private-network opt-in, resolve only to
 * public addresses: otherwise a 400 naming `url`. The call checks again each time (DNS may change after saving).
 */
export async function saveExternalBot(
  deps: Deps,
  p: Principal,
  input: PutExternalBotRequest,
  ip?: string,
  resolve?: Resolver,
): Promise<ExternalBotSettingsView> {
  const allowPrivateNetwork = input.allowPrivateNetwork ?? false;
  const target = await resolveTarget(input.url, { allowPrivateNetwork, resolve });
  if (!target.ok) throw invalidField('url', target.reason);

  return withTx(deps.db, async (tx) => {
    const [current] = await tx.select().from(externalBotSettings).where(eq(externalBotSettings.workspaceId, p.workspaceId)).for('update');
    if (!current && input.secret === undefined) throw invalidField('secret', 'a signing secret is required the first time');
    const values = {
      url: target.url.href,
      sealedSecret: input.secret !== undefined ? deps.secrets.seal(input.secret) : current!.sealedSecret,
      timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fallbackReply: input.fallbackReply ?? DEFAULT_EXTERNAL_BOT_FALLBACK,
      allowPrivateNetwork,
      updatedAt: deps.clock.now(),
    };
    const [row] = await tx
      .insert(externalBotSettings)
      .values({ workspaceId: p.workspaceId, ...values })
      .onConflictDoUpdate({ target: externalBotSettings.workspaceId, set: values })
      .returning();
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'bot.external_updated',
      targetType: 'external_bot',
      details: {
        host: target.url.host,
        secretRotated: input.secret !== undefined && current !== undefined,
        allowPrivateNetwork,
        timeoutMs: values.timeoutMs,
      },
      ip,
    });
    return toSettingsView(row);
  });
}
