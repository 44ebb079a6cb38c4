export { Realtime, REALTIME_CHANNEL } from './realtime';
export { RealtimeHub, SESSION_ENDED } from './hub';
export type { SocketPrincipal, RoomAuthorizer, SessionCheck, SocketLifecycle } from './hub';
