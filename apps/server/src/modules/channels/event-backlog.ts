import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { inboundEvents } from './tables';

/**
 * When the oldest webhook event of a channel that is stored but not yet applied arrived (null: none waits). Campaign
 * reconciliation asks before resending a call whose answer was lost: a status for it may be among these. Events that
 * already failed (retrying, or dead-lettered) are left out, so one poison event cannot hold reconciliation forever.
 */
export async function oldestUnprocessedEvent(db: Db, workspaceId: string, channelId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | null>`min(${inboundEvents.receivedAt})`.mapWith(inboundEvents.receivedAt) })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.workspaceId, workspaceId),
        eq(inboundEvents.channelId, channelId),
        isNull(inboundEvents.processedAt),
        isNull(inboundEvents.error),
      ),
    );
  return row?.at ?? null;
}
