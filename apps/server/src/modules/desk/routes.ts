import {
  cannedReply,
  cannedReplyList,
  conversationList,
  conversationNote,
  conversationNoteList,
  createCannedReplyRequest,
  createNoteRequest,
  deskListQuery,
  sendConversationTemplateRequest,
  updateCannedReplyRequest,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireAuth, userPrincipalOf } from '../identity';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { attachmentRoutes } from './attachment-routes';
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply } from './canned-replies';
import { listDesk } from './desk-list';
import { listNotes, writeNote } from './notes';
import { sendTemplateInConversation } from './send-template';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['desk'];

/** The agent desk: its lists, canned replies, internal notes, and templates and files from the composer. */
export function deskRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const people = requireAuth(deps);
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    app.get(
      '/desk/conversations',
      { schema: { tags, querystring: deskListQuery, response: { 200: conversationList } }, preHandler: people },
      (req) => {
        const p = userPrincipalOf(req);
        return listDesk(deps.db, { workspaceId: p.workspaceId, userId: p.userId }, req.query);
      },
    );

    app.get('/canned-replies', { schema: { tags, response: { 200: cannedReplyList } }, preHandler: staff }, async (req) => ({
      items: await listCannedReplies(deps.db, principalOf(req).workspaceId),
    }));
    app.post(
      '/canned-replies',
      { schema: { tags, body: createCannedReplyRequest, response: { 201: cannedReply } }, preHandler: admin },
      async (req, reply) => reply.status(201).send(await createCannedReply(deps, principalOf(req), req.body, clientIp(req))),
    );
    app.patch(
      '/canned-replies/:id',
      { schema: { tags, params: idParam, body: updateCannedReplyRequest, response: { 200: cannedReply } }, preHandler: admin },
      (req) => updateCannedReply(deps, principalOf(req), req.params.id, req.body, clientIp(req)),
    );
    app.delete('/canned-replies/:id', { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
      await deleteCannedReply(deps, principalOf(req), req.params.id, clientIp(req));
      return reply.status(204).send();
    });

    app.get(
      '/conversations/:id/notes',
      { schema: { tags, params: idParam, response: { 200: conversationNoteList } }, preHandler: staff },
      async (req) => ({ items: await listNotes(deps.db, principalOf(req).workspaceId, req.params.id) }),
    );
    app.post(
      '/conversations/:id/notes',
      { schema: { tags, params: idParam, body: createNoteRequest, response: { 201: conversationNote } }, preHandler: staff },
      async (req, reply) => reply.status(201).send(await writeNote(deps, principalOf(req), req.params.id, req.body.text)),
    );

    app.post(
      '/conversations/:id/template',
      {
        schema: {
          tags,
          params: idParam,
          body: sendConversationTemplateRequest,
          response: { 202: z.object({ messageId: z.uuid(), conversationId: z.uuid(), status: z.literal('queued') }) },
        },
        preHandler: staff,
      },
      async (req, reply) => reply.status(202).send(await sendTemplateInConversation(deps, principalOf(req), req.params.id, req.body)),
    );

    await app.register(attachmentRoutes(deps));
  };
}
