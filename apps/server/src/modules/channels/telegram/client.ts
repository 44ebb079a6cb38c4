import type { Deps } from '../../../platform/deps';
import { openSealed, type TelegramChannelRow } from '../repository';
import { createTelegramClient, type TelegramClient } from './wire';

/** A bot's credentials; sealed at rest, never returned by the API nor logged (the client redacts the token). */
export interface TelegramSecrets {
  /** "<bot id>:<secret>" from @BotFather. */
  botToken: string;
  /** What Telegram sends back as X-Telegram-Bot-Api-Secret-Token on every update. */
  webhookSecret: string;
}

export const openTelegramSecrets = (deps: Deps, row: TelegramChannelRow): TelegramSecrets => openSealed<TelegramSecrets>(deps.secrets, row);

/** A Bot API client for a connected bot, at its channel's API base URL (a local fake in tests and demos). */
export function telegramClientFor(deps: Deps, row: TelegramChannelRow, timeoutMs = 15_000): TelegramClient {
  return createTelegramClient({ baseUrl: row.settings.apiBaseUrl, token: openTelegramSecrets(deps, row).botToken, timeoutMs });
}
