import { channel, channelList, channelTestResult, createChannelRequest, createWhatsAppChannelRequest } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { principalOf, recordAudit, requireAuth } from '../identity';
import { createWhatsAppChannel, deleteChannel, testChannel, toChannelView } from './manage';
import { getMediaFile } from './media';
import { getChannel, listChannels, type ChannelRow } from './repository';
import { createTelegramChannel, removeTelegramWebhook } from './telegram/manage';
import { createWebchatChannel } from './webchat';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const mediaParams = idParam.extend({ mediaId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { message: 'is not a media id' }) });
const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'audio/ogg',
  'audio/mpeg',
  'audio/aac',
  'audio/mp4',
  'video/mp4',
  'video/3gpp',
]);
const tags = ['channels'];

export function channelRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireAuth(deps, { roles: ['admin'] });
    const staff = requireAuth(deps, { roles: ['admin', 'supervisor'], tokens: true });
    const staffOrAgent = requireAuth(deps, { tokens: true });
    const base = (req: FastifyRequest) => deps.config.http.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;

    app.get('/channels', { schema: { tags, response: { 200: channelList } }, preHandler: staff }, async (req) => ({
      items: (await listChannels(deps.db, principalOf(req).workspaceId)).map((c) => toChannelView(deps, c, base(req))),
    }));

    const created = async (req: FastifyRequest, row: ChannelRow) => {
      const p = principalOf(req);
      await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
        action: 'channel.created',
        targetType: 'channel',
        targetId: row.id,
        details: { kind: row.kind },
      });
      return toChannelView(deps, row, base(req));
    };

    // Any kind, told apart by `kind`. Telegram: the token is checked with getMe and the webhook set before 201.
    app.post(
      '/channels',
      { schema: { tags, body: createChannelRequest, response: { 201: channel } }, preHandler: admin },
      async (req, reply) => {
        const { workspaceId } = principalOf(req);
        const body = req.body;
        const row =
          body.kind === 'telegram'
            ? await createTelegramChannel(deps, workspaceId, body, base(req))
            : body.kind === 'webchat'
              ? await createWebchatChannel(deps, workspaceId, body)
              : await createWhatsAppChannel(deps, workspaceId, body);
        return reply.status(201).send(await created(req, row));
      },
    );

    app.post(
      '/channels/whatsapp',
      { schema: { tags, body: createWhatsAppChannelRequest, response: { 201: channel } }, preHandler: admin },
      async (req, reply) =>
        reply.status(201).send(await created(req, await createWhatsAppChannel(deps, principalOf(req).workspaceId, req.body))),
    );

    app.get('/channels/:id', { schema: { tags, params: idParam, response: { 200: channel } }, preHandler: staff }, async (req) =>
      toChannelView(deps, await getChannel(deps.db, principalOf(req).workspaceId, req.params.id), base(req)),
    );

    app.post(
      '/channels/:id/test',
      { schema: { tags, params: idParam, response: { 200: channelTestResult } }, preHandler: admin },
      async (req) => testChannel(deps, await getChannel(deps.db, principalOf(req).workspaceId, req.params.id)),
    );

    app.get('/channels/:id/media/:mediaId', { schema: { tags, params: mediaParams }, preHandler: staffOrAgent }, async (req, reply) => {
      const file = await getMediaFile(deps, principalOf(req).workspaceId, req.params.id, req.params.mediaId);
      // Customer files are untrusted: only plain raster images and common media play inline; everything else
      // (SVG, HTML, PDFs…) downloads as an attachment, never sniffed, in a sandbox.
      const inline = INLINE_TYPES.has(file.mimeType);
      return reply
        .header('content-type', inline ? file.mimeType : 'application/octet-stream')
        .header('content-disposition', inline ? 'inline' : `attachment; filename="media-${req.params.mediaId}"`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=86400')
        .send(file.bytes);
    });

    app.delete('/channels/:id', { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
      const p = principalOf(req);
      const row = await withTx(deps.db, async (tx) => {
        const deleted = await deleteChannel({ ...deps, db: tx }, p.workspaceId, req.params.id);
        await recordAudit(tx, deps.clock, p, p.workspaceId, { action: 'channel.deleted', targetType: 'channel', targetId: req.params.id });
        return deleted;
      });
      if (row.kind === 'telegram') await removeTelegramWebhook(deps, row);
      return reply.status(204).send();
    });
  };
}
