import { sql } from 'drizzle-orm';
import type { Deps } from '../../platform/deps';
import { announceQueueChange } from './queue-events';
import { defaultConversationSettings } from './settings';
import { rowsOf } from '../../platform/db';

const WINDOW_MS = 24 * 3_600_000;

/**
 * Close what should no longer be open (run every minute, and safe to run on several workers at once):
 * bot-only conversations whose 24-hour window has ended, and any conversation idle for longer than its
 * workspace's idle time. Each is one conditional UPDATE, never read-then-write.
 */
export async function closeExpiredConversations(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const windowEnded = new Date(now.getTime() - WINDOW_MS);
  const idleDefault = defaultConversationSettings.idleCloseMinutes;
  const closedByWindow = await deps.db.execute(sql`
    update conversations set state = 'closed', closed_at = ${now}, closed_reason = 'Window ended', closed_by = 'system', updated_at = ${now}
    where state = 'bot' and coalesce(last_customer_message_at, opened_at) < ${windowEnded}
    returning workspace_id, id`);
  const closedByIdle = await deps.db.execute(sql`
    update conversations c set state = 'closed', closed_at = ${now}, closed_reason = 'Idle', closed_by = 'system', updated_at = ${now}
    from (select c2.workspace_id, c2.id from conversations c2
          left join conversation_settings s on s.workspace_id = c2.workspace_id
          where c2.state <> 'closed'
            and c2.last_message_at < ${now}::timestamptz
              - make_interval(mins => coalesce((s.settings->>'idleCloseMinutes')::int, ${idleDefault}))) idle
    where c.workspace_id = idle.workspace_id and c.id = idle.id and c.state <> 'closed'
    returning c.workspace_id, c.id`);
  const rows = [
    ...rowsOf<{ workspace_id: string; id: string }>(closedByWindow),
    ...rowsOf<{ workspace_id: string; id: string }>(closedByIdle),
  ];
  for (const r of rows) {
    await deps.realtime.publish(deps.db, `workspace:${r.workspace_id}`, {
      name: 'conversation.updated',
      data: { conversationId: r.id, state: 'closed' },
    });
  }
  // Idle closes may free agents: one announcement per workspace lets routing fill their places.
  for (const workspaceId of new Set(rowsOf<{ workspace_id: string; id: string }>(closedByIdle).map((r) => r.workspace_id))) {
    await announceQueueChange(deps, deps.db, { workspaceId, change: 'released' });
  }
  if (rows.length) deps.log.info({ closed: rows.length }, 'expired conversations closed');
  return rows.length;
}
