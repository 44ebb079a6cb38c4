import { contactView, mergeContactsRequest } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { clientIp } from '../../../platform/http/client-ip';
import { principalOf, requireAuth } from '../../identity';
import type { ContactDataHolder } from '../privacy/contact-data';
import { mergeContacts } from './merge-contacts';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

/** POST /contacts/:id/merge: admins and supervisors (it deletes a contact), and API tokens. */
export function mergeRoutes(deps: Deps, holders: readonly ContactDataHolder[]): FastifyPluginAsyncZod {
  return async (app) => {
    const managers = requireAuth(deps, { roles: ['admin', 'supervisor'], tokens: true });
    app.post(
      '/contacts/:id/merge',
      { schema: { tags: ['contacts'], params: idParam, body: mergeContactsRequest, response: { 200: contactView } }, preHandler: managers },
      (req) => mergeContacts(deps, holders, principalOf(req), { contactId: req.params.id, ...req.body }, clientIp(req)),
    );
  };
}
