import {
  submitTemplateRequest,
  syncTemplatesRequest,
  syncTemplatesResult,
  templateList,
  templateListQuery,
  templateView,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { principalOf, recordAudit, requireAuth } from '../../identity';
import { getTemplate, listTemplates, toTemplateView } from './repository';
import { submitTemplate } from './submit-template';
import { syncTemplates } from './sync-templates';

const tags = ['templates'];
const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

/** WhatsApp message templates: every staff member reads them (agents send them); admins sync and submit. */
export function templateRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const anyone = requireAuth(deps, { tokens: true });
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    app.get(
      '/templates',
      { schema: { tags, querystring: templateListQuery, response: { 200: templateList } }, preHandler: anyone },
      async (req) => ({
        items: (await listTemplates(deps.db, principalOf(req).workspaceId, req.query)).map(toTemplateView),
      }),
    );

    app.get('/templates/:id', { schema: { tags, params: idParam, response: { 200: templateView } }, preHandler: anyone }, async (req) =>
      toTemplateView(await getTemplate(deps.db, principalOf(req).workspaceId, req.params.id)),
    );

    app.post(
      '/templates/sync',
      { schema: { tags, body: syncTemplatesRequest, response: { 200: syncTemplatesResult } }, preHandler: admin },
      async (req) => {
        const p = principalOf(req);
        const result = await syncTemplates(deps, p.workspaceId, req.body.channelId);
        await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
          action: 'templates.synced',
          targetType: 'channel',
          targetId: req.body.channelId,
          details: { ...result },
        });
        return result;
      },
    );

    app.post(
      '/templates',
      { schema: { tags, body: submitTemplateRequest, response: { 201: templateView } }, preHandler: admin },
      async (req, reply) => {
        const p = principalOf(req);
        const row = await submitTemplate(deps, p.workspaceId, req.body);
        await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
          action: 'template.submitted',
          targetType: 'template',
          targetId: row.id,
          details: { name: row.name, language: row.language, providerTemplateId: row.providerTemplateId },
        });
        return reply.status(201).send(toTemplateView(row));
      },
    );
  };
}
