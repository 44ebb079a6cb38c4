import { createSegmentRequest, segmentCount, segmentList, segmentView, updateSegmentRequest } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { principalOf, requireAuth } from '../identity';
import { countSegment, createSegment, deleteSegment, getSegment, listSegments, updateSegment } from './segments';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['segments'];

/** Segments: CRUD and live counts. A segment opens as a list with GET /contacts?segment=<id>. */
export function segmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });

    app.get('/segments', { schema: { tags, response: { 200: segmentList } }, preHandler: staff }, async (req) => ({
      items: await listSegments(deps.db, principalOf(req).workspaceId),
    }));

    app.post(
      '/segments',
      {
        schema: { tags, body: createSegmentRequest, response: { 201: segmentView.extend({ members: z.number().nullable() }) } },
        preHandler: staff,
      },
      async (req, reply) => {
        const { segment, members } = await createSegment(deps, principalOf(req), req.body, clientIp(req));
        return reply.status(201).send({ ...segment, members });
      },
    );

    app.get('/segments/:id', { schema: { tags, params: idParam, response: { 200: segmentView } }, preHandler: staff }, (req) =>
      getSegment(deps.db, principalOf(req).workspaceId, req.params.id),
    );

    app.patch(
      '/segments/:id',
      { schema: { tags, params: idParam, body: updateSegmentRequest, response: { 200: segmentView } }, preHandler: staff },
      (req) => updateSegment(deps, principalOf(req), req.params.id, req.body, clientIp(req)),
    );

    app.delete('/segments/:id', { schema: { tags, params: idParam }, preHandler: staff }, async (req, reply) => {
      await deleteSegment(deps, principalOf(req), req.params.id, clientIp(req));
      return reply.status(204).send();
    });

    app.get(
      '/segments/:id/count',
      { schema: { tags, params: idParam, response: { 200: segmentCount } }, preHandler: staff },
      async (req) => ({
        count: await countSegment(deps, principalOf(req).workspaceId, req.params.id),
      }),
    );
  };
}
