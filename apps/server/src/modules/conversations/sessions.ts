import { sql, type SQL } from 'drizzle-orm';
import { defaultConversationSettings } from './settings';
import { contactSessions, conversationSettings } from './tables';

export interface SessionTouchInput {
  workspaceId: string;
  /** Or an expression of the statement (the contact of a message it stores): null touches no session. */
  contactId: string | SQL;
  channelId: string;
  at: Date;
  infinite: boolean;
  byAgent?: boolean;
  /** Messages joining the session at this instant (several queued together). */
  count?: number;
}

/**
 * Put a message into the contact's current session, or start a new one after a gap longer than the workspace's
 * session length (never, for a contact with an infinite session). The caller holds the contact's row lock.
 *
 * Common table expressions — the session length, the current session, the update or the insert — that the caller
 * folds into the statement storing the message's other effects (statistics, conversation, realtime): the inbound
 * path and every reply run it, inside transactions where each round trip counts. It defines `joined` (one row,
 * `previous_end`, when the message joined the current session; none when it started one), which
 * `sessionSecondsAdded` and `sessionStarted` read.
 */
export function sessionTouchCtes(s: SessionTouchInput): SQL {
  const count = s.count ?? 1;
  const byAgent = s.byAgent ?? false;
  const at = s.at; // only placed into SQL: the inbound path builds this once from placeholders
  const cs = contactSessions;
  return sql`length as (
      select coalesce(
        (select (${conversationSettings.settings} ->> 'sessionMinutes')::int from ${conversationSettings}
          where ${conversationSettings.workspaceId} = ${s.workspaceId}),
        ${defaultConversationSettings.sessionMinutes}) as minutes
    ), current_session as (
      select ${cs.id} as id, ${cs.endedAt} as ended_at from ${cs}
      where ${cs.workspaceId} = ${s.workspaceId} and ${cs.contactId} = ${s.contactId}
      order by ${cs.endedAt} desc limit 1
    ), joined as (
      update ${cs} set
        ended_at = greatest(${cs.endedAt}, ${at}::timestamptz),
        message_count = ${cs.messageCount} + ${count},
        had_agent = ${cs.hadAgent} or ${byAgent}
      from current_session, length
      where ${cs.workspaceId} = ${s.workspaceId} and ${cs.id} = current_session.id
        and (${s.infinite} or ${at}::timestamptz - current_session.ended_at <= make_interval(mins => length.minutes))
      returning current_session.ended_at as previous_end
    ), started as (
      insert into ${cs} (workspace_id, contact_id, channel_id, started_at, ended_at, message_count, had_agent)
      select ${s.workspaceId}, ${s.contactId}, ${s.channelId}, ${at}::timestamptz, ${at}::timestamptz, ${count}, ${byAgent}
      where not exists (select 1 from joined) and ${s.contactId}::uuid is not null
      returning 1
    )`;
}

/** 1 when the message started a new session, else 0 (reads `sessionTouchCtes`' `joined`). */
export const sessionStarted: SQL = sql`(case when exists (select 1 from joined) then 0 else 1 end)`;

/** Whole seconds a message at `at` added to its session, read from `sessionTouchCtes`' `joined` (0 for a new one). */
export function sessionSecondsAdded(at: Date): SQL {
  return sql`coalesce((select round(greatest(0, extract(epoch from ${at}::timestamptz - previous_end)))::int from joined), 0)`;
}
