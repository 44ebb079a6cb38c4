import { bulkActionRequest, bulkActionView } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { clientIp } from '../../../platform/http/client-ip';
import { principalOf, requireAuth } from '../../identity';
import type { BulkHooks } from './hooks';
import { startBulkAction } from './start';
import { getBulkAction } from './view';

const tags = ['contacts'];

/** POST /bulk-actions (200 when done at once, 202 when a job took it) and its progress, GET /bulk-actions/:id. */
export function bulkActionRoutes(deps: Deps, hooks: BulkHooks): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });

    app.post(
      '/bulk-actions',
      { schema: { tags, body: bulkActionRequest, response: { 200: bulkActionView, 202: bulkActionView } }, preHandler: staff },
      async (req, reply) => {
        const view = await startBulkAction(deps, principalOf(req), req.body, hooks, clientIp(req));
        return reply.status(view.mode === 'job' ? 202 : 200).send(view);
      },
    );

    app.get(
      '/bulk-actions/:id',
      {
        schema: { tags, params: z.object({ id: z.uuid({ message: 'must be a UUID' }) }), response: { 200: bulkActionView } },
        preHandler: staff,
      },
      (req) => getBulkAction(deps.db, principalOf(req).workspaceId, req.params.id),
    );
  };
}
