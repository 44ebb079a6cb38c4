import type { ClientMessage, RealtimeEvent, ServerMessage } from '@parley/contracts';
import { API_BASE } from './api';

/** Close code the server uses when the session behind the socket has ended (sign-out, deactivation, password change). */
export const SESSION_ENDED_CLOSE_CODE = 4401;

const PING_INTERVAL_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;

export type RealtimeListener = (event: RealtimeEvent) => void;

export interface RealtimeOptions {
  /** The server ended the session: the app must go back to the login page. */
  onSessionEnded: () => void;
  /**
   * Called each time the socket is live (the server's hello), the first time included: events published while we were not subscribed
   * (before the first open, or while away) are lost, so data fetched over HTTP before this moment may be stale.
   */
  onConnected?: () => void;
  /** Called when the socket dropped unexpectedly, before the next attempt (a good moment to re-check the session). */
  onConnectionLost?: () => void;
}

export interface RealtimeConnection {
  subscribe(listener: RealtimeListener): () => void;
  close(): void;
}

function socketUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}${API_BASE}/ws`;
}

function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const message = JSON.parse(data) as unknown;
    if (typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string') {
      return message as ServerMessage;
    }
  } catch {
    // A malformed frame is ignored: one bad message must not break the live connection.
  }
  return null;
}

/**
 * Opens the same-origin WebSocket (the session cookie authenticates it) and keeps it open,
 * reconnecting with capped exponential backoff until close() is called or the session ends.
 */
export function connectRealtime(options: RealtimeOptions): RealtimeConnection {
  const listeners = new Set<RealtimeListener>();
  let socket: WebSocket | null = null;
  let closed = false;
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const send = (message: ClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const open = () => {
    const ws = new WebSocket(socketUrl());
    socket = ws;

    ws.onopen = () => {
      attempts = 0;
      // Idle connections get cut by proxies; a light ping keeps ours alive.
      pingTimer = setInterval(() => send({ type: 'ping' }), PING_INTERVAL_MS);
    };

    ws.onmessage = (message) => {
      const parsed = parseServerMessage(message.data);
      // The server says hello once this socket has joined its rooms: from here on no event is missed.
      if (parsed?.type === 'hello') options.onConnected?.();
      if (parsed?.type !== 'event') return;
      for (const listener of listeners) listener(parsed.event);
    };

    ws.onclose = (event) => {
      clearInterval(pingTimer);
      if (socket === ws) socket = null;
      if (closed) return;
      if (event.code === SESSION_ENDED_CLOSE_CODE) {
        closed = true;
        options.onSessionEnded();
        return;
      }
      options.onConnectionLost?.();
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts) * (0.5 + Math.random() / 2);
      attempts += 1;
      reconnectTimer = setTimeout(open, delay);
    };
  };

  open();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      clearInterval(pingTimer);
      socket?.close(1000, 'client closing');
      socket = null;
      listeners.clear();
    },
  };
}
