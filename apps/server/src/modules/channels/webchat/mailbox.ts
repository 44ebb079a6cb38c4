import type { RealtimeEvent } from '@parley/contracts';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import type { WidgetMessage } from './protocol';
import { webchatMessages, type WidgetMessageBody } from './tables';

export interface MailboxAddress {
  workspaceId: string;
  channelId: string;
  visitorId: string;
}

/** The realtime room of one visitor: every node holding one of their sockets listens to it. */
export const visitorRoom = (a: Pick<MailboxAddress, 'channelId' | 'visitorId'>) => `visitor:${a.channelId}:${a.visitorId}`;

const HISTORY_LIMIT = 100;

/**
 * Put a message in a visitor's mailbox (once per key) and wake their sockets, wherever they are. The event is
 * only a nudge: each socket reads what it has not shown yet from the table, so nothing is lost to NOTIFY's
 * size cap or to an event that arrives while the socket is busy.
 */
export async function putInMailbox(
  deps: Deps,
  db: Db,
  to: MailboxAddress,
  entry: { key: string; direction: 'in' | 'out'; body: WidgetMessageBody; at: Date },
): Promise<void> {
  await db
    .insert(webchatMessages)
    .values({ ...to, key: entry.key, direction: entry.direction, body: entry.body, createdAt: entry.at })
    .onConflictDoNothing();
  const event: RealtimeEvent = { name: 'webchat.message', data: { channelId: to.channelId, visitorId: to.visitorId } };
  await deps.realtime.publish(db, visitorRoom(to), event);
}

/** What the visitor has not seen: after `seq` (oldest first), or the latest messages when `after` is absent. */
export async function readMailbox(db: Db, from: MailboxAddress, after?: number): Promise<WidgetMessage[]> {
  const mine = and(
    eq(webchatMessages.workspaceId, from.workspaceId),
    eq(webchatMessages.channelId, from.channelId),
    eq(webchatMessages.visitorId, from.visitorId),
  );
  const rows =
    after === undefined
      ? (await db.select().from(webchatMessages).where(mine).orderBy(desc(webchatMessages.seq)).limit(HISTORY_LIMIT)).reverse()
      : await db
          .select()
          .from(webchatMessages)
          .where(and(mine, gt(webchatMessages.seq, after)))
          .orderBy(asc(webchatMessages.seq))
          .limit(HISTORY_LIMIT);
  return rows.map((r) => ({
    seq: r.seq,
    from: r.direction === 'in' ? 'visitor' : 'business',
    text: r.body.text,
    ...(r.body.options?.length ? { options: r.body.options } : {}),
    ...(r.direction === 'in' ? { clientId: r.key.slice(3) } : { id: r.key.slice(4) }),
    at: r.createdAt.toISOString(),
  }));
}
