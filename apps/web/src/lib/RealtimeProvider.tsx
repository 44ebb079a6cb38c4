import type { RealtimeEvent, RealtimeEventMap } from '@parley/contracts';
import { createContext, useContext, useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { connectRealtime, type RealtimeConnection, type RealtimeOptions } from './realtime';

const RealtimeContext = createContext<RealtimeConnection | null>(null);

interface RealtimeProviderProps extends RealtimeOptions {
  children: ReactNode;
}

/** Holds one live connection for the signed-in part of the app; unmounting (sign-out) closes it. */
export function RealtimeProvider({ children, onSessionEnded, onConnected, onConnectionLost }: RealtimeProviderProps) {
  const [connection, setConnection] = useState<RealtimeConnection | null>(null);
  // Effect events always see the latest callbacks without making the socket reconnect when they change.
  const sessionEnded = useEffectEvent(() => onSessionEnded());
  const connected = useEffectEvent(() => onConnected?.());
  const connectionLost = useEffectEvent(() => onConnectionLost?.());

  useEffect(() => {
    const next = connectRealtime({
      onSessionEnded: () => sessionEnded(),
      onConnected: () => connected(),
      onConnectionLost: () => connectionLost(),
    });
    setConnection(next);
    return () => next.close();
  }, []);

  return <RealtimeContext.Provider value={connection}>{children}</RealtimeContext.Provider>;
}

/** Runs `handler` for each live event of that name while the calling component is mounted. */
export function useRealtimeEvent<K extends keyof RealtimeEventMap>(name: K, handler: (data: RealtimeEventMap[K]) => void): void {
  const connection = useContext(RealtimeContext);
  const onEvent = useEffectEvent((data: RealtimeEventMap[K]) => handler(data));

  useEffect(() => {
    if (!connection) return;
    return connection.subscribe((event: RealtimeEvent) => {
      if (event.name === name) onEvent(event.data as RealtimeEventMap[K]);
    });
  }, [connection, name]);
}
