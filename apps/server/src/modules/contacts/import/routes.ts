import {
  contactImport,
  contactImportPreview,
  contactImportSampleQuery,
  contactImportUploadQuery,
  updateContactImportRequest,
} from '@parley/contracts';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough, type Writable } from 'node:stream';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { clientIp } from '../../../platform/http/client-ip';
import { principalOf, requireAuth } from '../../identity';
import { cancelImport } from './cancel-import';
import { loadImport, toContactImport } from './imports';
import { IMPORT_MAX_BYTES } from './limits';
import { prepareRejectedFile } from './rejected-file';
import { prepareSampleFile } from './sample-file';
import { startImport } from './start-import';
import { updateImport } from './update-import';
import { uploadImport } from './upload-import';

const tags = ['contacts'];
const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;
/** What browsers and tools send an .xlsx or .csv as (Windows labels CSV as Excel; curl as octet-stream). */
const UPLOAD_TYPES = [MIME.xlsx, 'text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];
const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

/** Contact import (admins and supervisors): sample file, upload, mapping and preview, start, progress, rejected rows. */
export function contactImportRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const managers = requireAuth(deps, { roles: ['admin', 'supervisor'], tokens: true });
    // Raw spreadsheet bodies, for this plugin's routes only (the content is sniffed, not trusted from the type).
    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));

    app.get(
      '/contacts/import/sample',
      { schema: { tags, querystring: contactImportSampleQuery }, preHandler: managers },
      async (req, reply) => {
        const sample = await prepareSampleFile(deps, principalOf(req).workspaceId, req.query.format);
        return download(reply, req.query.format, sample.fileName, sample.write, req.log);
      },
    );

    app.post(
      '/contacts/import',
      {
        schema: { tags, querystring: contactImportUploadQuery, response: { 201: contactImportPreview } },
        preHandler: managers,
        bodyLimit: IMPORT_MAX_BYTES,
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) {
          throw new AppError('unsupported_media_type', `Send the file itself as the body, with Content-Type ${MIME.xlsx} or text/csv`);
        }
        return reply.status(201).send(await uploadImport(deps, principalOf(req), req.body, req.query));
      },
    );

    app.get(
      '/contacts/import/:id',
      { schema: { tags, params: idParam, response: { 200: contactImport } }, preHandler: managers },
      async (req) => toContactImport(await loadImport(deps.db, principalOf(req).workspaceId, req.params.id)),
    );

    app.put(
      '/contacts/import/:id',
      {
        schema: { tags, params: idParam, body: updateContactImportRequest, response: { 200: contactImportPreview } },
        preHandler: managers,
      },
      (req) => updateImport(deps, principalOf(req), req.params.id, req.body),
    );

    app.post(
      '/contacts/import/:id/start',
      { schema: { tags, params: idParam, response: { 202: contactImport } }, preHandler: managers },
      async (req, reply) => reply.status(202).send(await startImport(deps, principalOf(req), req.params.id, clientIp(req))),
    );

    app.delete('/contacts/import/:id', { schema: { tags, params: idParam }, preHandler: managers }, async (req, reply) => {
      await cancelImport(deps, principalOf(req), req.params.id, clientIp(req));
      return reply.status(204).send();
    });

    app.get(
      '/contacts/import/:id/rejected',
      { schema: { tags, params: idParam, querystring: contactImportSampleQuery }, preHandler: managers },
      async (req, reply) => {
        const file = await prepareRejectedFile(deps.db, principalOf(req).workspaceId, req.params.id, req.query.format);
        return download(reply, req.query.format, file.fileName, file.write, req.log);
      },
    );
  };
}

/** Stream a generated file; a failure midway cuts the download short so the client sees it failed. */
function download(
  reply: FastifyReply,
  format: 'xlsx' | 'csv',
  fileName: string,
  write: (out: Writable) => Promise<unknown>,
  log: FastifyBaseLogger,
) {
  const body = new PassThrough();
  write(body).catch((err: unknown) => {
    log.error({ err }, 'contact import file download failed midway');
    body.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-type', MIME[format])
    .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(body);
}
