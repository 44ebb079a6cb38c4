import { z } from 'zod';

/** Rooms a socket can be in. A socket joins its workspace and user rooms on connect. */
export const room = z.string().regex(/^(workspace|user|conversation):[0-9a-f-]{36}$/);

/** Messages the server pushes over /api/v1/ws. */
export type ServerMessage =
  | { type: 'hello'; userId: string; workspaceId: string }
  | { type: 'event'; room: string; event: RealtimeEvent }
  | { type: 'subscribed'; room: string }
  | { type: 'error'; message: string };

/** Domain events, by name; modules add theirs here so server and web share one map. */
export interface RealtimeEventMap {
  'user.updated': { userId: string };
  'message.created': { conversationId: string; messageId: string; contactId: string };
  'message.status': { conversationId: string; messageId: string; status: string };
  /** An internal note was written in a conversation (agents only; never sent to the customer). */
  'note.created': { conversationId: string; noteId: string };
  /** assigneeId / waitingSkillsetId are set by routing's changes (assignment, transfer, reservation expiry). */
  'conversation.updated': { conversationId: string; state: string; assigneeId?: string | null; waitingSkillsetId?: string | null };
  /** An agent's availability, limit or load changed (workspace room). */
  'agent.updated': { userId: string; availability: string; maxOpen: number; openCount: number };
  'ping.test': { n: number };
  /** A website visitor's mailbox changed (their widget sockets read what is new); room visitor:<channel>:<visitor>. */
  'webchat.message': { channelId: string; visitorId: string };
  /** A contact import moved on (workspace room): its counts after each batch, and its end. */
  'contacts.import.progress': {
    importId: string;
    status: string;
    total: number;
    processed: number;
    inserted: number;
    updated: number;
    rejected: number;
  };
  /** A bulk action on contacts advanced (user room of whoever started it). */
  'bulk.progress': { id: string; status: string; total: number | null; done: number; failed: number };
}
export type RealtimeEvent = {
  [K in keyof RealtimeEventMap]: { name: K; data: RealtimeEventMap[K] };
}[keyof RealtimeEventMap];

/** Messages a client may send. */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), room }),
  z.object({ type: z.literal('unsubscribe'), room }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;
