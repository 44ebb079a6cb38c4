import {
  createPrivacyRequest,
  privacyRequestList,
  privacyRequestListQuery,
  privacyRequestView,
  retentionPolicy,
  retentionPolicyView,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { isTimeZone } from '../../../platform/excel';
import { clientIp } from '../../../platform/http/client-ip';
import { principalOf, recordAudit, requireAuth, viewerTimezone } from '../../identity';
import { mergeRoutes } from '../merge/routes';
import type { ContactDataHolder } from './contact-data';
import { writeContactArchive } from './export-archive';
import { cancelPrivacyRequest, downloadableExport, executePrivacyRequest, listPrivacyRequests, requestPrivacy } from './requests';
import { getRetentionPolicy, saveRetentionPolicy } from './retention';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['contacts'];

/**
 * Merge, GDPR requests (any staff member asks; admins execute, download, and see everyone's requests) and the
 * retention policy (admins). `holders`: what other modules keep about contacts (src/contact-data.ts).
 */
export function contactPrivacyRoutes(deps: Deps, holders: readonly ContactDataHolder[]): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });
    await app.register(mergeRoutes(deps, holders));

    app.post(
      '/contacts/:id/privacy-requests',
      {
        schema: { tags, params: idParam, body: createPrivacyRequest, response: { 200: privacyRequestView, 201: privacyRequestView } },
        preHandler: staff,
      },
      async (req, reply) => {
        const { request, created } = await requestPrivacy(deps, principalOf(req), req.params.id, req.body.kind, clientIp(req));
        return reply.status(created ? 201 : 200).send(request);
      },
    );

    // Admins (and tokens) see every request; others the ones they asked for.
    app.get(
      '/privacy-requests',
      { schema: { tags, querystring: privacyRequestListQuery, response: { 200: privacyRequestList } }, preHandler: staff },
      async (req) => {
        const p = principalOf(req);
        // API tokens act as admins; staff below admin are users.
        const mine = p.kind === 'user' && p.role !== 'admin' ? p.userId : undefined;
        return { items: await listPrivacyRequests(deps.db, p.workspaceId, { ...req.query, requestedBy: mine }) };
      },
    );

    app.post(
      '/privacy-requests/:id/execute',
      { schema: { tags, params: idParam, response: { 200: privacyRequestView } }, preHandler: admin },
      (req) => executePrivacyRequest(deps, holders, principalOf(req), req.params.id, clientIp(req)),
    );

    app.post(
      '/privacy-requests/:id/cancel',
      { schema: { tags, params: idParam, response: { 200: privacyRequestView } }, preHandler: staff },
      (req) => cancelPrivacyRequest(deps, principalOf(req), req.params.id, clientIp(req)),
    );

    // The archive is built while it streams; every 4xx (not executed, window closed, contact gone) comes first.
    app.get('/privacy-requests/:id/export.zip', { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
      const p = principalOf(req);
      const now = deps.clock.now();
      const request = await downloadableExport(deps.db, p.workspaceId, req.params.id, now);
      const preferred = await viewerTimezone(deps.db, p);
      const timezone = isTimeZone(preferred) ? preferred : 'UTC';
      await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
        action: 'contact.privacy_export_downloaded',
        targetType: 'privacy_request',
        targetId: request.id,
        ip: clientIp(req),
      });
      const body = new PassThrough();
      writeContactArchive(body, deps.db, holders, { workspaceId: p.workspaceId, contactId: request.contactId, timezone, now }).catch(
        (err: unknown) => {
          // Headers are gone: cutting the download short is how the client learns it failed.
          req.log.error({ err }, 'privacy export failed midway');
          body.destroy(err instanceof Error ? err : new Error(String(err)));
        },
      );
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="contact-${request.contactId}-${now.toISOString().slice(0, 10)}.zip"`)
        .header('cache-control', 'no-store')
        .send(body);
    });

    app.get('/settings/retention', { schema: { tags, response: { 200: retentionPolicyView } }, preHandler: admin }, (req) =>
      getRetentionPolicy(deps.db, principalOf(req).workspaceId),
    );
    app.put(
      '/settings/retention',
      { schema: { tags, body: retentionPolicy, response: { 200: retentionPolicyView } }, preHandler: admin },
      (req) => saveRetentionPolicy(deps, principalOf(req), req.body, clientIp(req)),
    );
  };
}
