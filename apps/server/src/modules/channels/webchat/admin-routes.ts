import { channel, updateWebchatChannelRequest } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTx } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { principalOf, recordAudit, requireAuth } from '../../identity';
import { updateWebchatChannel, toWebchatView } from './manage';
import { publicBase } from './routes';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

/** Admin settings of a widget (created through POST /channels with kind 'webchat'). */
export function webchatAdminRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireAuth(deps, { roles: ['admin'] });
    app.patch(
      '/channels/:id/widget',
      { schema: { tags: ['channels'], params: idParam, body: updateWebchatChannelRequest, response: { 200: channel } }, preHandler: admin },
      async (req) => {
        const p = principalOf(req);
        const row = await withTx(deps.db, async (tx) => {
          const updated = await updateWebchatChannel({ ...deps, db: tx }, p.workspaceId, req.params.id, req.body);
          await recordAudit(tx, deps.clock, p, p.workspaceId, {
            action: 'channel.updated',
            targetType: 'channel',
            targetId: updated.id,
            details: { kind: 'webchat', fields: Object.keys(req.body) },
          });
          return updated;
        });
        return toWebchatView(row, publicBase(deps, req));
      },
    );
  };
}
