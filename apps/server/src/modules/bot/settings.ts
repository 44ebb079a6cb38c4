// A workspace's bot settings: read for the API, saved with a version bump, and — for the inbound path — kept
// compiled per process under that version, so a message costs one small look-up instead of parsing the personality.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { botConfigSchema, compileBot, defaultBotConfig, type BotConfig } from './engine';
import { botSettings, type BotMode } from './tables';

export interface BotSettings {
  mode: BotMode;
  personality: BotConfig;
  /** 0 until the first save. */
  version: number;
  updatedAt: Date | null;
}

/** No row: the built-in bot with the default personality (a greeting, STOP, a person on request). */
export const defaultBotSettings: BotSettings = { mode: 'builtin', personality: defaultBotConfig, version: 0, updatedAt: null };

export async function getBotSettings(db: Db, workspaceId: string): Promise<BotSettings> {
  const [row] = await db.select().from(botSettings).where(eq(botSettings.workspaceId, workspaceId));
  if (!row) return defaultBotSettings;
  // Stored configurations were valid when saved; parsing again fills defaults added since.
  const parsed = botConfigSchema.safeParse(row.personality);
  return { mode: row.mode, personality: parsed.success ? parsed.data : defaultBotConfig, version: row.version, updatedAt: row.updatedAt };
}

/** Save in the caller's transaction (with its audit entry); every save bumps the version the caches key on. */
export async function saveBotSettings(tx: Db, workspaceId: string, s: { mode: BotMode; personality: BotConfig }, at: Date) {
  await tx
    .insert(botSettings)
    .values({ workspaceId, mode: s.mode, personality: s.personality, version: 1, updatedAt: at })
    .onConflictDoUpdate({
      target: botSettings.workspaceId,
      set: { mode: s.mode, personality: s.personality, version: sql`${botSettings.version} + 1`, updatedAt: at },
    });
}

export interface ActiveBot {
  mode: BotMode;
  /** Null when the stored personality no longer parses: the built-in bot stays silent (and says why in the log). */
  config: BotConfig | null;
}

interface CacheEntry extends ActiveBot {
  version: number;
}

// Per database (tests and benchmarks open several in one process), per workspace; bounded.
const caches = new WeakMap<object, Map<string, CacheEntry>>();
const MAX_CACHED_WORKSPACES = 1000;

/**
 * The bot that answers the workspace's customers now, given the mode and version just read (a primary-key look-up
 * the caller folds into its own query). The personality is read, parsed and compiled only when this process has
 * not seen that version yet. Several processes stay consistent: each compares the version on every message.
 */
export async function activeBot(
  cacheKey: object,
  db: Db,
  workspaceId: string,
  head: { mode: BotMode; version: number } | null,
  log: Logger,
): Promise<ActiveBot> {
  if (!head) return { mode: 'builtin', config: defaultBotConfig };
  let cache = caches.get(cacheKey);
  if (!cache) caches.set(cacheKey, (cache = new Map()));
  const hit = cache.get(workspaceId);
  if (hit && hit.version === head.version) return hit;

  const [row] = await db
    .select({ mode: botSettings.mode, version: botSettings.version, personality: botSettings.personality })
    .from(botSettings)
    .where(eq(botSettings.workspaceId, workspaceId));
  if (!row) return { mode: 'builtin', config: defaultBotConfig };
  const parsed = botConfigSchema.safeParse(row.personality);
  if (!parsed.success)
    log.error({ workspaceId, issues: parsed.error.issues.slice(0, 5) }, 'stored bot personality does not parse; bot silent');
  const entry: CacheEntry = { mode: row.mode, version: row.version, config: parsed.success ? parsed.data : null };
  if (entry.config) compileBot(entry.config);
  if (cache.size >= MAX_CACHED_WORKSPACES) cache.delete(cache.keys().next().value!);
  cache.set(workspaceId, entry);
  return entry;
}
