// The website chat widget: an embeddable script, its WebSocket, visitor identities and the visitor's mailbox.
export { sendWebchat, widgetBody } from './send';
export type { WebchatChannelRow } from './send';
export { createWebchatChannel, updateWebchatChannel, toWebchatView } from './manage';
export { widgetRoutes } from './routes';
export { webchatAdminRoutes } from './admin-routes';
