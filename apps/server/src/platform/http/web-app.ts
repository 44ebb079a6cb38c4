import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const API_PREFIXES = ['/api/', '/webhooks/', '/l/', '/healthz', '/readyz', '/metrics'];

/**
 * Serve the built single-page app at / with a fallback to index.html for client-side routes; anything under
 * the API prefixes keeps its JSON 404.
 */
export async function serveWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const built = existsSync(join(distDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false, cacheControl: false });
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = API_PREFIXES.some((p) => path.startsWith(p));
    if (request.method === 'GET' && !isApi) {
      if (!built) {
        return reply.type('text/plain').status(503).send('The web app is not built yet: run `npm run build`.');
      }
      if (path.startsWith('/assets/')) {
        return reply.status(404).type('text/plain').send('Not found');
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${path}` } });
  });
  // Hashed asset names never change content: cache them for a year.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/assets/') && reply.statusCode === 200) {
      void reply.header('cache-control', 'public, max-age=31536000, immutable');
    }
  });
}
