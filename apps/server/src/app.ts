import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import {
  Simulator,
  channelRoutes,
  simulatorRoutes,
  telegramWebhookRoutes,
  webchatAdminRoutes,
  whatsappWebhookRoutes,
  widgetRoutes,
} from './modules/channels';
import { contactBulkHooks, contactProfileSources } from './contact-sources';
import { adminViewRoutes } from './modules/admin-views';
import { botRoutes, externalBotRoutes } from './modules/bot';
import { campaignSendingRoutes, campaignWizardRoutes, templateRoutes } from './modules/campaigns';
import { attributeRoutes, contactPrivacyRoutes, contactRoutes } from './modules/contacts';
import { contactDataHolders } from './contact-data';
import { conversationRoutes, getConversationSettings, linkRedirectRoutes } from './modules/conversations';
import { deskRoutes } from './modules/desk';
import { authenticate, identityRoutes, liveSessionIds } from './modules/identity';
import { routingRoutes, trackPresence, type PresenceTracker } from './modules/routing';
import { AppError } from './platform/errors';
import { installErrorHandling } from './platform/http/error-handler';
import { installSecurityHeaders } from './platform/http/security-headers';
import { serveWebApp } from './platform/http/web-app';
import { installMetrics } from './platform/metrics';
import type { Runtime } from './runtime';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's agent presence tracker (tests wait on it with `settled()`). */
    presence: PresenceTracker;
  }
}

export const API_PREFIX = '/api/v1';
const DOCS_PREFIX = '/api/docs';
// Same depth from src/app.ts and from the bundle dist/parley.js.
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Build the HTTP app (no port: tests use app.inject, main.ts listens). */
export async function buildApp(rt: Runtime, opts: { webDist?: string } = {}): Promise<FastifyInstance> {
  const options: FastifyServerOptions = {
    loggerInstance: rt.log as FastifyBaseLogger,
    bodyLimit: rt.config.http.bodyLimit,
    trustProxy: rt.config.http.trustProxy,
  };
  const app = Fastify(options).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installSecurityHeaders(app, { docsPrefix: DOCS_PREFIX });
  const metrics = installMetrics(app);

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley API',
        version: '1.0.0',
        description: 'The REST API of Parley. Authenticate with a session cookie or `Authorization: Bearer <API token>`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' } },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await rt.database.db.execute(sql`select 1`);
      return { status: 'ready', engine: rt.database.engine };
    } catch (err) {
      rt.log.warn({ err }, 'readiness check failed');
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));

  await app.register(identityRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(channelRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(conversationRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(
    contactRoutes(rt.deps, {
      pauseMinutes: async (ws) => (await getConversationSettings(rt.deps.db, ws)).pauseMinutes,
      profile: contactProfileSources,
      bulk: contactBulkHooks,
    }),
    { prefix: API_PREFIX },
  );
  await app.register(attributeRoutes(rt.deps), { prefix: API_PREFIX });
  // Merge, GDPR requests and retention settings (every module's contact data, src/contact-data.ts).
  await app.register(contactPrivacyRoutes(rt.deps, contactDataHolders), { prefix: API_PREFIX });
  await app.register(routingRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(deskRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(adminViewRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(templateRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(campaignWizardRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(campaignSendingRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(botRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(externalBotRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(whatsappWebhookRoutes(rt.deps), { prefix: '/webhooks' });
  await app.register(telegramWebhookRoutes(rt.deps), { prefix: '/webhooks' });
  await app.register(webchatAdminRoutes(rt.deps), { prefix: API_PREFIX });
  await app.register(widgetRoutes(rt.deps, rt.hub));
  const simulator = new Simulator(rt.deps, () => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
  app.addHook('onClose', () => simulator.close());
  await app.register(simulatorRoutes(rt.deps, simulator), { prefix: API_PREFIX });
  await app.register(linkRedirectRoutes(rt.deps));
  rt.hub.checkSessionsWith((ids) => liveSessionIds(rt.deps, ids));
  // Agents' presence follows their desk sockets (held in PostgreSQL, so it works across nodes).
  const presence = trackPresence(rt.deps, rt.hub);
  app.decorate('presence', presence);
  app.addHook('onClose', () => presence.stop());

  app.get(
    `${API_PREFIX}/ws`,
    {
      websocket: true,
      schema: { hide: true },
      preValidation: async (request) => {
        const principal = await authenticate(rt.deps, request);
        if (principal?.kind !== 'user') throw new AppError('unauthenticated', 'Sign in to open a live connection');
        request.principal = principal;
      },
    },
    (socket, request) => {
      const p = request.principal;
      if (p?.kind === 'user') rt.hub.accept(socket, { userId: p.userId, workspaceId: p.workspaceId, sessionId: p.sessionId });
    },
  );

  await serveWebApp(app, opts.webDist ?? WEB_DIST);
  return app;
}
