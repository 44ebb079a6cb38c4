import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { defineJob } from '../../../platform/queue';
import { findChannelById } from '../repository';
import { telegramClientFor } from './client';
import { buildAnswerCallback, TelegramApiError } from './wire';

/**
 * Stop the spinner on a tapped inline button (answerCallbackQuery). Best-effort: the tap itself is already
 * stored and processed; an answer that fails for good only leaves the spinner to time out on the phone.
 */
export const answerCallbackJob = defineJob({
  name: 'channels.telegram-answer-callback',
  schema: z.object({ channelId: z.uuid(), callbackQueryId: z.string().min(1).max(256) }).strict(),
  // Telegram drops queries it was not answered for within seconds: a late retry is useless.
  retryLimit: 1,
  retryDelaySeconds: 1,
});

export async function answerCallback(deps: Deps, data: { channelId: string; callbackQueryId: string }): Promise<void> {
  const channel = await findChannelById(deps.db, data.channelId);
  if (channel?.kind !== 'telegram') return;
  try {
    await telegramClientFor(deps, channel, 5_000).answerCallbackQuery(buildAnswerCallback({ callbackQueryId: data.callbackQueryId }));
  } catch (err) {
    if (err instanceof TelegramApiError && err.classification !== 'transient' && err.classification !== 'rate_limit') {
      deps.log.info({ channelId: channel.id, error: err.description }, 'Telegram refused answerCallbackQuery; ignored');
      return;
    }
    throw err;
  }
}
