import { contactCount, contactExportQuery, contactListPage, contactListQuery, contactSelectionQuery } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { isTimeZone, WallClock } from '../../platform/excel';
import { principalOf, recordAudit, requireAuth, viewerTimezone } from '../identity';
import { parseFilterParam } from './contact-selection';
import { prepareContactExport } from './export-contacts';
import { countContacts, listContacts } from './list-contacts';

const tags = ['contacts'];
const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** The contacts list (search, filters, segment, sort, keyset pages), its count and its export to .xlsx / .csv. */
export function contactListRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });

    app.get(
      '/contacts',
      { schema: { tags, querystring: contactListQuery, response: { 200: contactListPage } }, preHandler: staff },
      (req) => listContacts(deps, principalOf(req).workspaceId, req.query),
    );

    app.get(
      '/contacts/count',
      { schema: { tags, querystring: contactSelectionQuery, response: { 200: contactCount } }, preHandler: staff },
      async (req) => ({ total: await countContacts(deps, principalOf(req).workspaceId, req.query) }),
    );

    for (const format of ['xlsx', 'csv'] as const) {
      app.get(
        `/contacts/export.${format}`,
        { schema: { tags, querystring: contactExportQuery }, preHandler: staff },
        async (req, reply) => {
          const p = principalOf(req);
          const now = deps.clock.now();
          const { q, segment, sort, order } = req.query;
          const filter = parseFilterParam(req.query.filter);
          const preferred = await viewerTimezone(deps.db, p);
          const timezone = isTimeZone(preferred) ? preferred : 'UTC';
          // Every 4xx (bad filter, unknown segment) is found here, before the first byte of the file goes out.
          const prepared = await prepareContactExport(deps.db, {
            workspaceId: p.workspaceId,
            selection: { q, filter, segment },
            sort,
            order,
            timezone,
            now,
          });
          await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
            action: 'contacts.exported',
            targetType: 'contacts',
            // What was asked for, without the search text (it may be a customer's name).
            details: { format, search: Boolean(q), conditions: filter?.conditions.length ?? 0, segment: segment ?? null },
            ip: clientIp(req),
          });
          const body = new PassThrough();
          prepared.write(body, format).catch((err: unknown) => {
            // Headers are gone: all we can do is cut the download short so the client sees it failed.
            req.log.error({ err }, 'contacts export failed midway');
            body.destroy(err instanceof Error ? err : new Error(String(err)));
          });
          const day = new WallClock(timezone).text(now).slice(0, 10);
          return reply
            .header('content-type', MIME[format])
            .header('content-disposition', `attachment; filename="contacts-${day}.${format}"`)
            .header('cache-control', 'no-store')
            .send(body);
        },
      );
    }
  };
}
