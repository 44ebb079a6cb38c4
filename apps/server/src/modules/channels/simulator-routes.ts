import { simulatorChannel, simulatorOutbox, simulatorOutboxQuery, simulatorSendRequest, simulatorSendResult } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps';
import { principalOf, requireAuth } from '../identity';
import type { Simulator } from './simulator';

const tags = ['simulator'];

export function simulatorRoutes(deps: Deps, simulator: Simulator): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps);

    app.post('/simulator/start', { schema: { tags, response: { 200: simulatorChannel } }, preHandler: staff }, async (req) => {
      const { channel } = await simulator.ensure(principalOf(req).workspaceId);
      return { channelId: channel.id, displayPhoneNumber: channel.settings.displayPhoneNumber };
    });

    app.post(
      '/simulator/messages',
      { schema: { tags, body: simulatorSendRequest, response: { 200: simulatorSendResult } }, preHandler: staff },
      (req) => simulator.customerSends(principalOf(req).workspaceId, req.body),
    );

    app.get(
      '/simulator/outbox',
      { schema: { tags, querystring: simulatorOutboxQuery, response: { 200: simulatorOutbox } }, preHandler: staff },
      async (req) => ({
        items: await simulator.outbox(principalOf(req).workspaceId, req.query.waId),
      }),
    );
  };
}
