import type { RealtimeEvent } from '@parley/contracts';
import { notify, type Db } from '../db';

export const REALTIME_CHANNEL = 'parley_realtime';
// NOTIFY payloads are capped at 8000 bytes; larger events are sent as a hint to refetch.
const MAX_PAYLOAD = 7900;

/** What travels over NOTIFY between Parley processes. */
export type Envelope =
  | { kind: 'event'; room: string; event: RealtimeEvent }
  | { kind: 'end-sessions'; userId: string; exceptSessionId?: string };

/**
 * Publishing side of realtime. Messages go through PostgreSQL NOTIFY on the caller's handle, so an event
 * published inside a transaction reaches sockets only after that transaction commits — on every node.
 */
export class Realtime {
  async publish(db: Db, room: string, event: RealtimeEvent): Promise<void> {
    await send(db, { kind: 'event', room, event });
  }

  /** Close the WebSockets of a user's sessions on every node (password change, deactivation, logout). */
  async endSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
    await send(db, { kind: 'end-sessions', userId, exceptSessionId });
  }
}

async function send(db: Db, envelope: Envelope) {
  let payload = JSON.stringify(envelope);
  if (payload.length > MAX_PAYLOAD && envelope.kind === 'event') {
    payload = JSON.stringify({ ...envelope, event: { name: envelope.event.name, data: { truncated: true } } });
  }
  await notify(db, REALTIME_CHANNEL, payload);
}
