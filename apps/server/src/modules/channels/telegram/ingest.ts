import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { orderKeyOf, storable, storeAndEnqueue, type IngestResult } from '../ingest';
import { findChannelById, type TelegramChannelRow } from '../repository';
import { webhookRejects } from '../tables';
import { answerCallbackJob } from './answer-callback';
import { openTelegramSecrets } from './client';
import { normalizeTelegramUpdate } from './normalize';
import { parseUpdate, verifySecretToken } from './wire';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Accept one Telegram webhook POST (one update) for the bot behind /webhooks/telegram/<channel id>: check the
 * secret token, then store the update under `tg:<update_id>` (a redelivery changes nothing) and enqueue its
 * processing before the 200 goes back. A body we cannot use is kept raw in webhook_rejects and still answered
 * 200: Telegram would otherwise retry it for hours, and holds back the bot's later updates meanwhile.
 */
export async function ingestTelegramUpdate(
  deps: Deps,
  input: { channelId: string; rawBody: Buffer; secretToken: string | string[] | undefined },
): Promise<IngestResult> {
  const channel = await telegramChannel(deps, input.channelId);
  // An unknown channel answers exactly like a wrong secret, so the URL does not reveal which channels exist.
  const expected = channel ? openTelegramSecrets(deps, channel).webhookSecret : '';
  if (!channel || !verifySecretToken(input.secretToken, expected)) {
    throw new AppError('unauthenticated', 'Invalid or missing X-Telegram-Bot-Api-Secret-Token');
  }

  let body: unknown;
  try {
    body = JSON.parse(input.rawBody.toString('utf8'));
  } catch (err) {
    await reject(deps, channel.id, [`body is not JSON: ${(err as Error).message}`], input.rawBody);
    return { stored: 0, duplicates: 0, skipped: 1 };
  }
  const { update, problems } = normalizeTelegramUpdate(parseUpdate(body, { now: deps.clock.now() }), body);
  const notes = [...problems];
  let stored = 0;
  if (update) {
    const payload = storable(update.event);
    if (payload.trimmed) notes.push(`${update.key}: raw object nested too deeply to store with the event; kept in the raw body`);
    stored = await storeAndEnqueue(deps, [
      {
        workspaceId: channel.workspaceId,
        channelId: channel.id,
        providerKey: update.key,
        kind: update.event.kind,
        payload: payload.value,
        receivedAt: deps.clock.now(),
        orderKey: orderKeyOf(channel.id, update.event),
      },
    ]);
    // Only the first delivery of a tap is answered: Telegram refuses a second answer anyway.
    if (stored > 0 && update.callbackQueryId) {
      await deps.queue.enqueue(deps.db, answerCallbackJob, { channelId: channel.id, callbackQueryId: update.callbackQueryId });
    }
  }
  if (notes.length > 0) await reject(deps, channel.id, notes, input.rawBody);
  return { stored, duplicates: update ? 1 - stored : 0, skipped: notes.length };
}

async function telegramChannel(deps: Deps, channelId: string): Promise<TelegramChannelRow | undefined> {
  if (!UUID.test(channelId)) return undefined;
  const row = await findChannelById(deps.db, channelId);
  return row?.kind === 'telegram' ? row : undefined;
}

async function reject(deps: Deps, channelId: string, notes: string[], raw: Buffer) {
  const reason = notes.slice(0, 20).join('; ');
  deps.log.warn({ channelId, reason }, 'Telegram update kept raw for inspection');
  await deps.db.insert(webhookRejects).values({
    provider: 'telegram',
    receivedAt: deps.clock.now(),
    reason: `channel ${channelId}: ${reason}`.slice(0, 2000),
    // NUL cannot be stored in a text column; the rest is kept exactly.
    rawBody: raw.toString('utf8').replaceAll('\u0000', '\\u0000'),
  });
}
