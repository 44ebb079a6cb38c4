// The desk's two lists, filtered by the server so every page is full and the counts are right:
//   mine  — conversations assigned to me;
//   queue — waiting conversations routing may give me: held for me, else in the general queue, a skillset I am a
//           member of, or a skillset deleted since (served as the general queue) — the rule assignment applies.
import type { DeskView } from '@parley/contracts';
import { and, eq, inArray, isNotNull, isNull, notInArray, or, type SQL } from 'drizzle-orm';
import { conversationsTable as c, listConversations } from '../conversations';
import { listSkillsets } from '../routing';
import type { Db } from '../../platform/db';

export async function listDesk(db: Db, me: { workspaceId: string; userId: string }, q: { view: DeskView; limit: number; cursor?: string }) {
  const where = q.view === 'mine' ? and(eq(c.state, 'assigned'), eq(c.assigneeId, me.userId)) : await queueCondition(db, me);
  return listConversations(db, me.workspaceId, { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}), where });
}

async function queueCondition(db: Db, me: { workspaceId: string; userId: string }): Promise<SQL | undefined> {
  const live = await listSkillsets(db, me.workspaceId);
  const mine = live.filter((s) => s.memberIds.includes(me.userId)).map((s) => s.id);
  const liveIds = live.map((s) => s.id);
  const unheld = or(
    isNull(c.waitingSkillsetId),
    mine.length > 0 ? inArray(c.waitingSkillsetId, mine) : undefined,
    liveIds.length > 0 ? notInArray(c.waitingSkillsetId, liveIds) : isNotNull(c.waitingSkillsetId),
  );
  return and(eq(c.state, 'waiting'), or(eq(c.reservedForUserId, me.userId), and(isNull(c.reservedForUserId), unheld)));
}
