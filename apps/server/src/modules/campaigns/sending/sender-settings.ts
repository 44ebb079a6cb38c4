import type { SenderSettings, SenderSettingsUpdate } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import { getChannel } from '../../channels';
import type { Db } from '../../../platform/db';
import { invalidField, notFound } from '../../../platform/errors';
import { campaignSenders } from '../tables';
import { ensureSender } from './limiter';

async function whatsappNumber(db: Db, workspaceId: string, channelId: string) {
  const channel = await getChannel(db, workspaceId, channelId).catch(() => {
    throw notFound('Channel');
  });
  if (channel.kind !== 'whatsapp') throw invalidField('channelId', `is a ${channel.kind} channel; only WhatsApp numbers send campaigns`);
  return channel;
}

/** A WhatsApp number's campaign pacing (the defaults until someone changes them). */
export async function getSenderSettings(db: Db, workspaceId: string, channelId: string, at: Date): Promise<SenderSettings> {
  await whatsappNumber(db, workspaceId, channelId);
  await ensureSender(db, workspaceId, channelId, at);
  const [row] = await db.select().from(campaignSenders).where(eq(campaignSenders.channelId, channelId));
  return {
    channelId,
    messagesPerSecond: row!.messagesPerSecond,
    dailyLimit: row!.dailyLimit,
    pausedUntil: row!.pausedUntil && row!.pausedUntil > at ? row!.pausedUntil.toISOString() : null,
  };
}

/**
 * Change the number's rate (Meta's tier: 80 by default, up to 1,000 messages per second) or daily limit. A running
 * campaign picks the new rate up with its next reservation: the interval is read from the row every time.
 */
export async function updateSenderSettings(
  db: Db,
  workspaceId: string,
  channelId: string,
  update: SenderSettingsUpdate,
  at: Date,
): Promise<SenderSettings> {
  await whatsappNumber(db, workspaceId, channelId);
  await ensureSender(db, workspaceId, channelId, at);
  await db
    .update(campaignSenders)
    .set({
      ...(update.messagesPerSecond !== undefined ? { messagesPerSecond: update.messagesPerSecond } : {}),
      ...(update.dailyLimit !== undefined ? { dailyLimit: update.dailyLimit } : {}),
      updatedAt: at,
    })
    .where(eq(campaignSenders.channelId, channelId));
  return getSenderSettings(db, workspaceId, channelId, at);
}
