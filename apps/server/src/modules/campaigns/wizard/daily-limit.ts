// The number's messaging limit (Meta's: unique business-initiated recipients per rolling 24 hours). Who was
// already messaged from this number within 24 hours does not count again; everyone new takes a place.
import { and, eq, gte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { messagesTable } from '../../conversations';
import { campaignRecipients, campaigns, campaignSenders } from '../tables';

const DAY_MS = 86_400_000;
/** The column default of campaign_senders.daily_limit: a number without a sender row has Meta's first tier. */
export const DEFAULT_DAILY_LIMIT = 1000;

export interface DailyQuota {
  /** null: unlimited. */
  limit: number | null;
  /** Contacts messaged with a template from this number in the last 24 hours. */
  messaged: Set<string>;
}

export async function dailyQuota(db: Db, workspaceId: string, channelId: string, now: Date): Promise<DailyQuota> {
  const [sender] = await db
    .select({ dailyLimit: campaignSenders.dailyLimit })
    .from(campaignSenders)
    .where(eq(campaignSenders.channelId, channelId));
  const since = new Date(now.getTime() - DAY_MS);
  const [templated, campaigned] = await Promise.all([
    db
      .selectDistinct({ contactId: messagesTable.contactId })
      .from(messagesTable)
      .where(
        and(
          eq(messagesTable.workspaceId, workspaceId),
          eq(messagesTable.channelId, channelId),
          eq(messagesTable.direction, 'out'),
          eq(messagesTable.isTemplate, true),
          ne(messagesTable.status, 'failed'),
          gte(messagesTable.createdAt, since),
        ),
      ),
    db
      .selectDistinct({ contactId: campaignRecipients.contactId })
      .from(campaignRecipients)
      .innerJoin(campaigns, and(eq(campaigns.workspaceId, campaignRecipients.workspaceId), eq(campaigns.id, campaignRecipients.campaignId)))
      .where(
        and(
          eq(campaignRecipients.workspaceId, workspaceId),
          eq(campaigns.channelId, channelId),
          ne(campaignRecipients.status, 'failed'),
          sql`coalesce(${campaignRecipients.sentAt}, ${campaignRecipients.sendingAt}) >= ${since.toISOString()}::timestamptz`,
        ),
      ),
  ]);
  return {
    limit: sender ? sender.dailyLimit : DEFAULT_DAILY_LIMIT,
    messaged: new Set([...templated, ...campaigned].map((r) => r.contactId)),
  };
}
