import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Deps } from '../../../platform/deps';
import { contentSecurityPolicy } from '../../../platform/http/security-headers';
import type { RealtimeHub } from '../../../platform/realtime';
import { findChannelByExternalId } from '../repository';
import { defaultWidgetLimits, WidgetConnection, type WidgetLimits } from './socket';
import { testPageHtml, unknownWidgetHtml } from './test-page';
import { WIDGET_SCRIPT } from './widget-script';

const KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** Where this install is reached from outside: PUBLIC_URL, or the address the request came to. */
export const publicBase = (deps: Deps, req: FastifyRequest) =>
  deps.config.http.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;

/**
 * The widget's public surface, outside /api: the script, its WebSocket, and the test page. None of it needs a
 * session; the widget key says which channel, the visitor token who is writing.
 */
export function widgetRoutes(deps: Deps, hub: RealtimeHub, limits: WidgetLimits = defaultWidgetLimits(deps)): FastifyPluginAsync {
  return async (app) => {
    app.get('/widget.js', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('application/javascript; charset=utf-8')
        // Short: a new version reaches sites within minutes; the file is small.
        .header('cache-control', 'public, max-age=300')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(WIDGET_SCRIPT),
    );

    app.get<{ Querystring: { key?: string; preview?: string } }>('/widget/test', { schema: { hide: true } }, async (req, reply) => {
      const key = typeof req.query.key === 'string' ? req.query.key : '';
      const channel = KEY.test(key) ? await findChannelByExternalId(deps.db, 'webchat', key) : undefined;
      void reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!channel) return reply.status(404).send(unknownWidgetHtml());
      return reply
        .header('x-frame-options', 'SAMEORIGIN')
        .header('content-security-policy', contentSecurityPolicy("'self'"))
        .send(testPageHtml({ name: channel.name, key, baseUrl: publicBase(deps, req), preview: req.query.preview === '1' }));
    });

    app.get<{ Querystring: { key?: string } }>('/widget/ws', { websocket: true, schema: { hide: true } }, (socket, req) => {
      const own = new Set([`${req.protocol}://${req.host}`]);
      if (deps.config.http.publicUrl) own.add(new URL(deps.config.http.publicUrl).origin);
      // Attached synchronously: the connection listens for frames before anything is awaited.
      new WidgetConnection(deps, hub, limits, socket, {
        key: typeof req.query.key === 'string' ? req.query.key : undefined,
        origin: req.headers.origin,
        ownOrigins: [...own],
        ip: req.ip,
      });
    });
  };
}
