import {
  attributeDefinition,
  attributeDefinitionList,
  attributeKey,
  contactAttributes,
  createAttributeRequest,
  setContactAttributesRequest,
  updateAttributeRequest,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { principalOf, requireAuth } from '../identity';
import { listAttributeDefinitions } from './attributes';
import {
  contactAttributesView,
  createAttributeDefinition,
  deleteAttributeDefinition,
  setContactAttributes,
  updateAttributeDefinition,
} from './manage-attributes';

const keyParam = z.object({ key: attributeKey });
const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['contacts'];

/** Custom attribute definitions (admins write them) and a contact's values. */
export function attributeRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    app.get('/attributes', { schema: { tags, response: { 200: attributeDefinitionList } }, preHandler: staff }, async (req) => ({
      items: await listAttributeDefinitions(deps.db, principalOf(req).workspaceId),
    }));

    app.post(
      '/attributes',
      { schema: { tags, body: createAttributeRequest, response: { 201: attributeDefinition } }, preHandler: admin },
      async (req, reply) => reply.status(201).send(await createAttributeDefinition(deps, principalOf(req), req.body, clientIp(req))),
    );

    app.patch(
      '/attributes/:key',
      { schema: { tags, params: keyParam, body: updateAttributeRequest, response: { 200: attributeDefinition } }, preHandler: admin },
      (req) => updateAttributeDefinition(deps, principalOf(req), req.params.key, req.body, clientIp(req)),
    );

    app.delete('/attributes/:key', { schema: { tags, params: keyParam }, preHandler: admin }, async (req, reply) => {
      await deleteAttributeDefinition(deps, principalOf(req), req.params.key, clientIp(req));
      return reply.status(204).send();
    });

    app.get(
      '/contacts/:id/attributes',
      { schema: { tags, params: idParam, response: { 200: contactAttributes } }, preHandler: staff },
      (req) => contactAttributesView(deps.db, principalOf(req).workspaceId, req.params.id),
    );

    app.put(
      '/contacts/:id/attributes',
      { schema: { tags, params: idParam, body: setContactAttributesRequest, response: { 200: contactAttributes } }, preHandler: staff },
      (req) => setContactAttributes(deps, principalOf(req), req.params.id, req.body.attributes),
    );
  };
}
