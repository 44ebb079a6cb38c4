import { clientMessage, type RealtimeEvent, type ServerMessage } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Database } from '../db';
import type { Logger } from '../logger';
import { REALTIME_CHANNEL, type Envelope } from './realtime';

export interface SocketPrincipal {
  userId: string;
  workspaceId: string;
  sessionId: string;
}

/** Decides whether a principal may join a room other than its own workspace and user rooms. */
export type RoomAuthorizer = (principal: SocketPrincipal, kind: string, id: string) => Promise<boolean>;

/**
 * Told when a staff socket opens and closes on this process (routing keeps agents' presence with it). Called
 * synchronously: a listener starts its own async work and handles its own errors.
 */
export interface SocketLifecycle {
  opened(principal: SocketPrincipal, socketId: string): void;
  closed(principal: SocketPrincipal, socketId: string): void;
}

/** Given session ids, answers those still valid; sockets of the others are closed by the sweep. */
export type SessionCheck = (sessionIds: string[]) => Promise<Set<string>>;

// Sessions also end by timing out, which sends no message: the hub re-checks its sockets this often.
const SWEEP_EVERY_MS = 60_000;

/** Close code the web app reads as "your session ended: sign in again". */
export const SESSION_ENDED = 4401;

interface Member {
  id: string;
  socket: WebSocket;
  principal: SocketPrincipal;
  rooms: Set<string>;
}

/** This process's WebSockets, by room; fed by NOTIFY so an event published on any node reaches them all. */
export class RealtimeHub {
  private readonly members = new Set<Member>();
  private readonly rooms = new Map<string, Set<Member>>();
  private readonly authorizers = new Map<string, RoomAuthorizer>();
  /** In-process listeners on a room, for sockets that are not staff members (website visitors). */
  private readonly listeners = new Map<string, Set<(event: RealtimeEvent) => void>>();
  private unlisten?: () => Promise<void>;
  private sweeper?: NodeJS.Timeout;
  private sessionCheck?: SessionCheck;
  private readonly lifecycles = new Set<SocketLifecycle>();

  constructor(private readonly log: Logger) {}

  async start(database: Database): Promise<void> {
    this.unlisten = await database.listen(REALTIME_CHANNEL, (payload) => this.dispatch(payload));
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    await this.unlisten?.();
    for (const m of this.members) m.socket.close(1001, 'server shutting down');
  }

  /** Modules register who may join their rooms, e.g. 'conversation'. Unregistered kinds are refused. */
  authorize(kind: string, authorizer: RoomAuthorizer): void {
    this.authorizers.set(kind, authorizer);
  }

  /** How the sweep learns which sessions are still valid (identity provides it). */
  checkSessionsWith(check: SessionCheck): void {
    this.sessionCheck = check;
  }

  /** Close every socket whose session has ended by timing out (or vanished any other way). */
  async sweep(): Promise<void> {
    if (!this.sessionCheck || this.members.size === 0) return;
    const ids = [...new Set([...this.members].map((m) => m.principal.sessionId))];
    try {
      const alive = await this.sessionCheck(ids);
      for (const m of this.members) if (!alive.has(m.principal.sessionId)) m.socket.close(SESSION_ENDED, 'session ended');
    } catch (err) {
      this.log.warn({ err }, 'realtime session sweep failed; will retry');
    }
  }

  /**
   * Be told of every event published to `room` on any node (website widgets listen to their visitor's room
   * this way). Returns the function that stops listening.
   */
  listen(room: string, listener: (event: RealtimeEvent) => void): () => void {
    let set = this.listeners.get(room);
    if (!set) this.listeners.set(room, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(room) === set) this.listeners.delete(room);
    };
  }

  /** Be told of every staff socket this process opens and closes. Returns the function that stops it. */
  onSocket(lifecycle: SocketLifecycle): () => void {
    this.lifecycles.add(lifecycle);
    return () => void this.lifecycles.delete(lifecycle);
  }

  /** The staff sockets this process holds now (presence heartbeats renew them). */
  sockets(): Array<{ id: string; principal: SocketPrincipal }> {
    return [...this.members].map((m) => ({ id: m.id, principal: m.principal }));
  }

  get connectionCount(): number {
    return this.members.size;
  }

  accept(socket: WebSocket, principal: SocketPrincipal): void {
    const member: Member = { id: randomUUID(), socket, principal, rooms: new Set() };
    this.members.add(member);
    this.join(member, `workspace:${principal.workspaceId}`);
    this.join(member, `user:${principal.userId}`);
    socket.on('message', (raw) => void this.onMessage(member, raw.toString()));
    socket.on('close', () => {
      this.leaveAll(member);
      this.tell((l) => l.closed(principal, member.id));
    });
    socket.on('error', (err) => this.log.debug({ err }, 'websocket error'));
    send(member, { type: 'hello', userId: principal.userId, workspaceId: principal.workspaceId });
    this.tell((l) => l.opened(principal, member.id));
  }

  private tell(fn: (l: SocketLifecycle) => void) {
    for (const l of this.lifecycles) {
      try {
        fn(l);
      } catch (err) {
        this.log.warn({ err }, 'socket lifecycle listener failed');
      }
    }
  }

  private async onMessage(member: Member, raw: string) {
    let parsed;
    try {
      parsed = clientMessage.safeParse(JSON.parse(raw));
    } catch {
      return send(member, { type: 'error', message: 'messages must be JSON' });
    }
    if (!parsed.success) return send(member, { type: 'error', message: 'unknown message' });
    const msg = parsed.data;
    if (msg.type === 'ping') return;
    if (msg.type === 'unsubscribe') return this.leave(member, msg.room);
    const [kind, id] = msg.room.split(':') as [string, string];
    const own = msg.room === `workspace:${member.principal.workspaceId}` || msg.room === `user:${member.principal.userId}`;
    const authorizer = this.authorizers.get(kind);
    const allowed = own || (authorizer ? await authorizer(member.principal, kind, id).catch(() => false) : false);
    // Same answer for "does not exist" and "not yours": nothing leaks across workspaces.
    if (!allowed) return send(member, { type: 'error', message: `room ${msg.room} not found` });
    this.join(member, msg.room);
    send(member, { type: 'subscribed', room: msg.room });
  }

  private dispatch(payload: string) {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return this.log.warn({ payload: payload.slice(0, 200) }, 'unreadable realtime payload');
    }
    if (envelope.kind === 'event') {
      for (const m of this.rooms.get(envelope.room) ?? []) {
        send(m, { type: 'event', room: envelope.room, event: envelope.event });
      }
      for (const listener of this.listeners.get(envelope.room) ?? []) {
        try {
          listener(envelope.event);
        } catch (err) {
          this.log.warn({ err, room: envelope.room }, 'realtime listener failed');
        }
      }
    } else if (envelope.kind === 'end-sessions') {
      for (const m of this.rooms.get(`user:${envelope.userId}`) ?? []) {
        const sid = m.principal.sessionId;
        const ends = envelope.only ? sid === envelope.only : sid !== envelope.except;
        if (ends) m.socket.close(SESSION_ENDED, 'session ended');
      }
    }
  }

  private join(m: Member, room: string) {
    m.rooms.add(room);
    let set = this.rooms.get(room);
    if (!set) this.rooms.set(room, (set = new Set()));
    set.add(m);
  }

  private leave(m: Member, room: string) {
    m.rooms.delete(room);
    const set = this.rooms.get(room);
    set?.delete(m);
    if (set?.size === 0) this.rooms.delete(room);
  }

  private leaveAll(m: Member) {
    for (const room of [...m.rooms]) this.leave(m, room);
    this.members.delete(m);
  }
}

function send(m: Member, msg: ServerMessage) {
  if (m.socket.readyState === m.socket.OPEN) m.socket.send(JSON.stringify(msg));
}
