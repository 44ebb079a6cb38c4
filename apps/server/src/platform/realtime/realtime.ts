import type { RealtimeEvent } from '@parley/contracts';
import { sql, type SQL } from 'drizzle-orm';
import { notify, notifyCalls, type Db } from '../db';

export const REALTIME_CHANNEL = 'parley_realtime';
// NOTIFY payloads are capped at 8000 bytes (not characters); larger events are sent as a hint to refetch.
const MAX_PAYLOAD_BYTES = 7900;

/** What travels over NOTIFY between Parley processes. */
export type Envelope =
  { kind: 'event'; room: string; event: RealtimeEvent } | { kind: 'end-sessions'; userId: string; only?: string; except?: string };

/** Which of a user's sessions end: all of them, just one (logout), or all but one (password change). */
export interface SessionSelector {
  only?: string;
  except?: string;
}

/**
 * Publishing side of realtime. Messages go through PostgreSQL NOTIFY on the caller's handle, so an event
 * published inside a transaction reaches sockets only after that transaction commits — on every node.
 */
export class Realtime {
  async publish(db: Db, room: string, event: RealtimeEvent): Promise<void> {
    await send(db, { kind: 'event', room, event });
  }

  /** Several events to one room in one statement (a batch of messages queued together). */
  async publishMany(db: Db, room: string, events: readonly RealtimeEvent[]): Promise<void> {
    if (events.length > 0) await db.execute(sql`select ${this.publishManySql(room, events)}`);
  }

  /**
   * The same as `publishMany`, as a select list to fold into the caller's own statement (one round trip fewer on
   * paths where every statement counts). The caller must execute it in the transaction, like `publishMany`.
   */
  publishManySql(room: string, events: readonly RealtimeEvent[]): SQL {
    return notifyCalls(
      REALTIME_CHANNEL,
      events.map((event) => payloadOf({ kind: 'event', room, event })),
    );
  }

  /**
   * One event's NOTIFY payload, for a statement whose text is built once and takes the payload as a value
   * (`notifySql`).
   */
  eventPayload(room: string, event: RealtimeEvent): string {
    return payloadOf({ kind: 'event', room, event });
  }

  /** `publishManySql` of one payload from `eventPayload`. */
  notifySql(payload: string): SQL {
    return notifyCalls(REALTIME_CHANNEL, [payload]);
  }

  /** Close the WebSockets of a user's sessions on every node (password change, deactivation, logout). */
  async endSessions(db: Db, userId: string, which: SessionSelector = {}): Promise<void> {
    await send(db, { kind: 'end-sessions', userId, ...which });
  }
}

async function send(db: Db, envelope: Envelope) {
  await notify(db, REALTIME_CHANNEL, payloadOf(envelope));
}

function payloadOf(envelope: Envelope): string {
  const payload = JSON.stringify(envelope);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES && envelope.kind === 'event') {
    return JSON.stringify({ ...envelope, event: { name: envelope.event.name, data: { truncated: true } } });
  }
  return payload;
}
