import {
  addAudienceContactRequest,
  campaignAudiencePage,
  campaignAudienceUploadQuery,
  campaignConfirmResult,
  campaignDraft,
  campaignPageQuery,
  campaignPreview,
  campaignPreviewQuery,
  campaignValidationPage,
  campaignValidationResult,
  createCampaignRequest,
  setCustomersAudienceRequest,
  setSegmentAudienceRequest,
  updateCampaignRequest,
} from '@parley/contracts';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough, type Writable } from 'node:stream';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { principalOf, requireAuth } from '../../identity';
import { addAudienceContact, listAudience, removeAudienceRow } from './audience-table';
import { confirmCampaign } from './confirm-campaign';
import { createCampaign } from './create-campaign';
import { getDraft } from './get-draft';
import { previewMessage } from './preview-message';
import { retargetCampaign } from './retarget-campaign';
import { runValidation } from './run-validation';
import { prepareSampleFile } from './sample-file';
import { setCustomersAudience } from './set-customers-audience';
import { setSegmentAudience } from './set-segment-audience';
import { updateCampaign } from './update-campaign';
import { uploadAudienceFile } from './upload-audience-file';
import { validatedCampaign, validationPage, writeValidationList } from './validation-lists';

const tags = ['campaigns'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What browsers and tools send an .xlsx or .csv as (Windows labels CSV as Excel; curl as octet-stream). */
const UPLOAD_TYPES = [XLSX, 'text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];
/** The largest audience file taken (100,000 rows of a few columns is ~5 MB as .xlsx, ~3 MB as .csv). */
export const MAX_AUDIENCE_FILE_BYTES = 50 * 1024 * 1024;

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const rowParam = idParam.extend({ rowNo: z.coerce.number().int().min(1) });
const listParam = idParam.extend({ list: z.enum(['messages', 'rejected']) });
const created = z.object({ id: z.uuid() });
const rowsResult = z.object({ rows: z.number().int() });

/** The campaign wizard's API (admin only): drafts, audience, preview, validation, confirm, retarget. */
export function campaignWizardRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });
    // Raw spreadsheet bodies, for this plugin's routes only (the content is sniffed, not trusted from the type).
    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: MAX_AUDIENCE_FILE_BYTES }, (_req, body, done) =>
      done(null, body),
    );

    app.post(
      '/campaigns',
      { schema: { tags, body: createCampaignRequest, response: { 201: created } }, preHandler: admin },
      async (req, reply) => reply.status(201).send(await createCampaign(deps, principalOf(req), req.body)),
    );

    app.get('/campaigns/:id/draft', { schema: { tags, params: idParam, response: { 200: campaignDraft } }, preHandler: admin }, (req) =>
      getDraft(deps.db, principalOf(req).workspaceId, req.params.id),
    );

    app.patch(
      '/campaigns/:id',
      { schema: { tags, params: idParam, body: updateCampaignRequest, response: { 200: campaignDraft } }, preHandler: admin },
      async (req) => {
        const p = principalOf(req);
        await updateCampaign(deps, p, req.params.id, req.body);
        return getDraft(deps.db, p.workspaceId, req.params.id);
      },
    );

    app.put(
      '/campaigns/:id/audience/file',
      {
        schema: { tags, params: idParam, querystring: campaignAudienceUploadQuery },
        preHandler: admin,
        bodyLimit: MAX_AUDIENCE_FILE_BYTES,
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) {
          throw new AppError('unsupported_media_type', `Send the file itself as the body, with Content-Type ${XLSX} or text/csv`);
        }
        return uploadAudienceFile(deps, principalOf(req), req.params.id, req.body, req.query);
      },
    );

    app.get('/campaigns/:id/audience/sample.xlsx', { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
      const sample = await prepareSampleFile(deps, principalOf(req).workspaceId, req.params.id);
      return download(reply, sample.fileName, (out) => sample.write(out), req.log);
    });

    app.put(
      '/campaigns/:id/audience/customers',
      { schema: { tags, params: idParam, body: setCustomersAudienceRequest, response: { 200: rowsResult } }, preHandler: admin },
      (req) => setCustomersAudience(deps, principalOf(req), req.params.id, req.body),
    );

    app.put(
      '/campaigns/:id/audience/segment',
      { schema: { tags, params: idParam, body: setSegmentAudienceRequest, response: { 200: rowsResult } }, preHandler: admin },
      (req) => setSegmentAudience(deps, principalOf(req), req.params.id, req.body.segmentId),
    );

    app.get(
      '/campaigns/:id/audience',
      { schema: { tags, params: idParam, querystring: campaignPageQuery, response: { 200: campaignAudiencePage } }, preHandler: admin },
      (req) => listAudience(deps.db, principalOf(req).workspaceId, req.params.id, req.query.page, req.query.pageSize),
    );

    app.delete('/campaigns/:id/audience/:rowNo', { schema: { tags, params: rowParam }, preHandler: admin }, async (req, reply) => {
      await removeAudienceRow(deps, principalOf(req), req.params.id, req.params.rowNo);
      return reply.status(204).send();
    });

    app.post(
      '/campaigns/:id/audience',
      {
        schema: { tags, params: idParam, body: addAudienceContactRequest, response: { 201: z.object({ rowNo: z.number().int() }) } },
        preHandler: admin,
      },
      async (req, reply) => reply.status(201).send(await addAudienceContact(deps, principalOf(req), req.params.id, req.body.contactId)),
    );

    app.get(
      '/campaigns/:id/preview',
      { schema: { tags, params: idParam, querystring: campaignPreviewQuery, response: { 200: campaignPreview } }, preHandler: admin },
      (req) => previewMessage(deps, principalOf(req).workspaceId, req.params.id, req.query.rowNo),
    );

    app.post(
      '/campaigns/:id/validate',
      {
        schema: {
          tags,
          params: idParam,
          querystring: campaignPageQuery.pick({ pageSize: true }),
          response: { 200: campaignValidationResult },
        },
        preHandler: admin,
      },
      (req) => runValidation(deps, principalOf(req), req.params.id, req.query.pageSize),
    );

    app.get(
      '/campaigns/:id/validation/:list',
      { schema: { tags, params: listParam, querystring: campaignPageQuery, response: { 200: campaignValidationPage } }, preHandler: admin },
      async (req) => {
        const { c, body } = await validatedCampaign(deps.db, principalOf(req).workspaceId, req.params.id);
        return validationPage(deps.db, c, body, req.params.list, req.query.page, req.query.pageSize);
      },
    );

    for (const list of ['messages', 'rejected'] as const) {
      app.get(`/campaigns/:id/validation/${list}.xlsx`, { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
        const { c, body } = await validatedCampaign(deps.db, principalOf(req).workspaceId, req.params.id);
        return download(reply, `campaign-${list}.xlsx`, (out) => writeValidationList(deps.db, c, body, list, out), req.log);
      });
    }

    app.post(
      '/campaigns/:id/confirm',
      { schema: { tags, params: idParam, response: { 200: campaignConfirmResult } }, preHandler: admin },
      (req) => confirmCampaign(deps, principalOf(req), req.params.id),
    );

    app.post(
      '/campaigns/:id/retarget',
      { schema: { tags, params: idParam, response: { 201: created.extend({ rows: z.number().int() }) } }, preHandler: admin },
      async (req, reply) => reply.status(201).send(await retargetCampaign(deps, principalOf(req), req.params.id)),
    );
  };
}

/** Stream a generated .xlsx; a failure midway cuts the download short so the client sees it failed. */
function download(reply: FastifyReply, fileName: string, write: (out: Writable) => Promise<unknown>, log: FastifyBaseLogger) {
  const body = new PassThrough();
  write(body).catch((err: unknown) => {
    log.error({ err }, 'campaign file download failed midway');
    body.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(body);
}
