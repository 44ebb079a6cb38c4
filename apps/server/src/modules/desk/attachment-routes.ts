// POST /conversations/:id/attachments: a file from the composer, sent as the raw body with its own Content-Type
// (`?filename=` names it). The server checks the conversation's channel rules — WhatsApp's types and caps, Telegram's
// bot upload caps; the web-chat widget takes no files — from the headers before reading a byte, and again on what
// arrived, keeps it, and answers the fileId a media message then sends.
import { ATTACHMENT_MAX_BYTES, uploadedAttachment } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { channelKindOf, checkOutboundUpload, storeOutboundMedia } from '../channels';
import { getConversation } from '../conversations';
import { principalOf, requireAuth } from '../identity';
import type { Deps } from '../../platform/deps';
import { AppError, invalidField } from '../../platform/errors';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const uploadQuery = z.object({ filename: z.string().max(255, { message: 'must be at most 255 characters' }).optional() }).strict();

export function attachmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    // This plugin's routes take any body as bytes (a .txt or .json file must not be parsed as text or JSON).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES }, (_req, body, done) => done(null, body));

    app.post(
      '/conversations/:id/attachments',
      {
        schema: { tags: ['desk'], params: idParam, querystring: uploadQuery, response: { 201: uploadedAttachment } },
        bodyLimit: ATTACHMENT_MAX_BYTES,
        // Signed in before the body is read: nobody else makes us buffer a file.
        onRequest: staff,
        // A declared size or type the channel refuses is a 400 (a widget conversation a 409) before the upload is read.
        preParsing: async (req) => {
          const declared = Number(req.headers['content-length']);
          const type = req.headers['content-type'];
          if (!type) throw invalidField('file', 'send the file as the body with its Content-Type');
          // Params are validated after this hook: a malformed id is left for that 400.
          const params = idParam.safeParse(req.params);
          if (!params.success) return;
          const conversation = await getConversation(deps.db, principalOf(req).workspaceId, params.data.id);
          const kind = await channelKindOf(deps.db, conversation.workspaceId, conversation.channelId);
          // The widget refuses any file, whatever its size.
          if (kind === 'webchat' || (Number.isFinite(declared) && declared > 0)) checkOutboundUpload(kind, type, declared);
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        if (!Buffer.isBuffer(req.body)) throw invalidField('file', 'send the file as the body with its Content-Type');
        const conversation = await getConversation(deps.db, p.workspaceId, req.params.id);
        if (conversation.state === 'closed') throw new AppError('conflict', 'This conversation is closed');
        const stored = await storeOutboundMedia(deps, {
          workspaceId: p.workspaceId,
          channelId: conversation.channelId,
          mimeType: req.headers['content-type'],
          bytes: req.body,
          ...(req.query.filename !== undefined ? { filename: req.query.filename } : {}),
        });
        return reply.status(201).send(stored);
      },
    );
  };
}
