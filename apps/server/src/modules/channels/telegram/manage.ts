import type { CreateTelegramChannelRequest, TelegramChannel } from '@parley/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { findChannelByExternalId, sealSecrets, type TelegramChannelRow } from '../repository';
import { channels } from '../tables';
import { openTelegramSecrets, telegramClientFor, type TelegramSecrets } from './client';
import { createTelegramClient, TELEGRAM_API_ORIGIN, TelegramApiError, type BotInfo, type TelegramClient } from './wire';

/** What the channel needs: text, edits of it, and inline keyboard taps. */
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;
const SETUP_TIMEOUT_MS = 10_000;

export const telegramWebhookUrl = (baseUrl: string, channelId: string) => `${baseUrl}/webhooks/telegram/${channelId}`;

export function toTelegramView(row: TelegramChannelRow, baseUrl: string): TelegramChannel {
  const s = row.settings;
  return {
    id: row.id,
    kind: 'telegram',
    name: row.name,
    botId: s.botId,
    botUsername: s.botUsername,
    botName: s.botName,
    apiBaseUrl: s.apiBaseUrl,
    webhookUrl: telegramWebhookUrl(baseUrl, row.id),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Connect a bot: getMe proves the token, the row is stored (the unique bot id stops a second connection of
 * the same bot, even racing), then setWebhook points Telegram at /webhooks/telegram/<channel id> with a fresh
 * secret token. If Telegram refuses the webhook, the row is removed again: a channel is either working or absent.
 * No network call runs inside a transaction.
 */
export async function createTelegramChannel(
  deps: Deps,
  workspaceId: string,
  input: Omit<CreateTelegramChannelRequest, 'kind'>,
  baseUrl: string,
): Promise<TelegramChannelRow> {
  const apiBaseUrl = (input.apiBaseUrl ?? TELEGRAM_API_ORIGIN).replace(/\/+$/, '');
  const client = createTelegramClient({ baseUrl: apiBaseUrl, token: input.botToken, timeoutMs: SETUP_TIMEOUT_MS });
  const bot = await whoAmI(client, apiBaseUrl);
  if (await findChannelByExternalId(deps.db, 'telegram', bot.id)) throw alreadyConnected();

  const secrets: TelegramSecrets = { botToken: input.botToken, webhookSecret: randomBytes(32).toString('base64url') };
  const id = randomUUID();
  const [inserted] = await deps.db
    .insert(channels)
    .values({
      workspaceId,
      id,
      kind: 'telegram',
      name: input.name,
      externalId: bot.id,
      settings: { apiBaseUrl, botId: bot.id, botUsername: bot.username ?? null, botName: bot.firstName },
      sealedSecrets: sealSecrets(deps.secrets, secrets),
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted) throw alreadyConnected();
  const row = inserted as TelegramChannelRow;

  const url = telegramWebhookUrl(baseUrl, id);
  try {
    await client.setWebhook({ url, secretToken: secrets.webhookSecret, allowedUpdates: TELEGRAM_ALLOWED_UPDATES });
  } catch (err) {
    await deps.db.delete(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id)));
    throw webhookRefused(err, url);
  }
  deps.log.info({ channelId: id, botId: bot.id, webhookUrl: url }, 'Telegram bot connected');
  return row;
}

async function whoAmI(client: TelegramClient, apiBaseUrl: string): Promise<BotInfo> {
  try {
    return await client.getMe();
  } catch (err) {
    if (!(err instanceof TelegramApiError)) throw err;
    // 401 / 404: Telegram does not know this token. Its description is safe to show (the client redacts tokens).
    if (err.errorCode !== null && err.errorCode < 500 && err.errorCode !== 429) {
      throw new AppError('validation_failed', 'botToken: Telegram does not accept this bot token', {
        issues: [{ field: 'botToken', message: `Telegram does not accept this bot token (${err.description})` }],
      });
    }
    throw new AppError('unavailable', `Could not reach the Telegram Bot API at ${apiBaseUrl}: ${err.description}. Try again.`);
  }
}

function webhookRefused(err: unknown, url: string): AppError {
  if (!(err instanceof TelegramApiError) && !(err instanceof AppError)) throw err;
  const why = err instanceof TelegramApiError ? err.description : err.message;
  // Telegram only delivers to public HTTPS addresses: the usual cause is a PUBLIC_URL that is unset or private.
  return new AppError(
    'validation_failed',
    `Telegram refused the webhook URL ${url} (${why}). Set PUBLIC_URL to Parley's public https address.`,
    {
      issues: [{ field: 'botToken', message: `the bot is fine, but Telegram refused the webhook URL ${url}: ${why}` }],
    },
  );
}

const alreadyConnected = () =>
  new AppError('conflict', 'botToken: this bot is already connected', {
    issues: [{ field: 'botToken', message: 'this bot is already connected' }],
  });

/** After the channel is deleted: stop Telegram delivering to it. Best-effort; the webhook answers 401 anyway. */
export async function removeTelegramWebhook(deps: Deps, row: TelegramChannelRow): Promise<void> {
  try {
    await telegramClientFor(deps, row, SETUP_TIMEOUT_MS).deleteWebhook();
  } catch (err) {
    deps.log.warn({ channelId: row.id, err: err instanceof Error ? err.message : String(err) }, 'Telegram deleteWebhook failed; ignored');
  }
}

/** "Test the connection": getMe with the stored token. */
export async function testTelegramChannel(deps: Deps, row: TelegramChannelRow): Promise<{ ok: boolean; message: string }> {
  try {
    const bot = await telegramClientFor(deps, row, SETUP_TIMEOUT_MS).getMe();
    return { ok: true, message: `Connected: ${bot.username ? `@${bot.username}` : bot.firstName}` };
  } catch (err) {
    if (err instanceof TelegramApiError) return { ok: false, message: `Telegram answered: ${err.description}` };
    return { ok: false, message: `Could not reach ${row.settings.apiBaseUrl}` };
  }
}

export { openTelegramSecrets };
