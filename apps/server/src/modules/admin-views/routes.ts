// The admin menu (seed 004): five live conversation lists, their Excel downloads and counts, a conversation's Info,
// and its transcript by email. Admins and supervisors only (and API tokens, which act as admins).
import {
  adminConversationInfo,
  adminListCounts,
  adminListFilters,
  adminListNames,
  adminListPage,
  adminListQuery,
  emailTranscriptRequest,
  emailTranscriptResult,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { principalOf, recordAudit, requireAuth, viewerTimezone } from '../identity';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { isTimeZone, WallClock } from '../../platform/excel';
import { conversationInfo } from './conversation-info';
import { countLists } from './count-lists';
import { emailTranscript } from './email-transcript';
import { prepareListExport } from './export-list';
import { listConversations } from './list-conversations';

const tags = ['admin menu'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export function adminViewRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const managers = requireAuth(deps, { roles: ['admin', 'supervisor'], tokens: true });

    app.get('/admin/conversations/counts', { schema: { tags, response: { 200: adminListCounts } }, preHandler: managers }, (req) =>
      countLists(deps, principalOf(req).workspaceId),
    );

    for (const list of adminListNames) {
      app.get(
        `/admin/conversations/${list}`,
        { schema: { tags, querystring: adminListQuery, response: { 200: adminListPage } }, preHandler: managers },
        (req) => listConversations(deps, principalOf(req).workspaceId, list, req.query),
      );

      app.get(
        `/admin/conversations/${list}.xlsx`,
        { schema: { tags, querystring: adminListFilters }, preHandler: managers },
        async (req, reply) => {
          const p = principalOf(req);
          const now = deps.clock.now();
          const preferred = await viewerTimezone(deps.db, p);
          const timezone = isTimeZone(preferred) ? preferred : 'UTC';
          // Every 4xx (unknown sort, a filter of another list, bad dates) is found here, before the first byte.
          const prepared = await prepareListExport(deps.db, { workspaceId: p.workspaceId, list, filters: req.query, timezone, now });
          await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
            action: 'admin.conversations.exported',
            targetType: 'conversations',
            details: { list, filters: req.query },
            ip: clientIp(req),
          });
          const body = new PassThrough();
          prepared.write(body).catch((err: unknown) => {
            // Headers are gone: all we can do is cut the download short so the client sees it failed.
            req.log.error({ err }, 'admin list export failed midway');
            body.destroy(err instanceof Error ? err : new Error(String(err)));
          });
          const day = new WallClock(timezone).text(now).slice(0, 10);
          return reply
            .header('content-type', XLSX)
            .header('content-disposition', `attachment; filename="${list}-conversations-${day}.xlsx"`)
            .header('cache-control', 'no-store')
            .send(body);
        },
      );
    }

    app.get(
      '/admin/conversations/:id/info',
      { schema: { tags, params: idParam, response: { 200: adminConversationInfo } }, preHandler: managers },
      (req) => conversationInfo(deps, principalOf(req).workspaceId, req.params.id),
    );

    app.post(
      '/admin/conversations/:id/email',
      { schema: { tags, params: idParam, body: emailTranscriptRequest, response: { 200: emailTranscriptResult } }, preHandler: managers },
      (req) => emailTranscript(deps, principalOf(req), req.params.id, req.body, clientIp(req)),
    );
  };
}
