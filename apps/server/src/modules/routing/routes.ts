import { createSkillsetRequest, setSkillsetMembersRequest, skillset, skillsetList, updateSkillsetRequest } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { principalOf, requireAuth } from '../identity';
import { createSkillset, deleteSkillset, setSkillsetMembers, updateSkillset } from './manage-skillsets';
import { queueRoutes } from './queue-routes';
import { listSkillsetViews } from './skillsets';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['routing'];

export function routingRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    app.get('/skillsets', { schema: { tags, response: { 200: skillsetList } }, preHandler: staff }, async (req) => ({
      items: await listSkillsetViews(deps.db, principalOf(req).workspaceId),
    }));

    app.post(
      '/skillsets',
      { schema: { tags, body: createSkillsetRequest, response: { 201: skillset } }, preHandler: admin },
      async (req, reply) => reply.status(201).send(await createSkillset(deps, principalOf(req), req.body, clientIp(req))),
    );

    app.patch(
      '/skillsets/:id',
      { schema: { tags, params: idParam, body: updateSkillsetRequest, response: { 200: skillset } }, preHandler: admin },
      (req) => updateSkillset(deps, principalOf(req), req.params.id, req.body, clientIp(req)),
    );

    app.delete('/skillsets/:id', { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
      await deleteSkillset(deps, principalOf(req), req.params.id, clientIp(req));
      return reply.status(204).send();
    });

    app.put(
      '/skillsets/:id/members',
      { schema: { tags, params: idParam, body: setSkillsetMembersRequest, response: { 200: skillset } }, preHandler: admin },
      (req) => setSkillsetMembers(deps, principalOf(req), req.params.id, req.body.userIds, clientIp(req)),
    );

    await app.register(queueRoutes(deps));
  };
}
