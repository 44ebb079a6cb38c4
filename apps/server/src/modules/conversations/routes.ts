import {
  closeConversationRequest,
  conversationDetail as conversationDetailSchema,
  conversationList,
  conversationListQuery,
  conversationSettingsView,
  sendMessageRequest,
} from '@parley/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { principalOf, recordAudit, requireAuth } from '../identity';
import { composeOutbound } from './compose';
import { followLink } from './links';
import { queueOutbound } from './send-message';
import { getConversationSettings, saveConversationSettings } from './settings';
import { closeConversation, getConversation } from './state';
import { conversationDetail, listConversations, toMessageView } from './views';
import { messages } from './tables';
import { and, eq } from 'drizzle-orm';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['conversations'];

export function conversationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    app.get(
      '/conversations',
      { schema: { tags, querystring: conversationListQuery, response: { 200: conversationList } }, preHandler: staff },
      (req) => listConversations(deps.db, principalOf(req).workspaceId, req.query),
    );

    app.get(
      '/conversations/:id',
      { schema: { tags, params: idParam, response: { 200: conversationDetailSchema } }, preHandler: staff },
      (req) => conversationDetail(deps.db, principalOf(req).workspaceId, req.params.id),
    );

    app.post(
      '/conversations/:id/messages',
      { schema: { tags, params: idParam, body: sendMessageRequest }, preHandler: staff },
      async (req, reply) => {
        const p = principalOf(req);
        const messageId = await withTx(deps.db, async (tx) => {
          const c = await getConversation(tx, p.workspaceId, req.params.id, true);
          if (c.state === 'closed') throw new AppError('conflict', 'This conversation is closed');
          return queueOutbound(deps, tx, {
            workspaceId: p.workspaceId,
            conversationId: c.id,
            contactId: c.contactId,
            channelId: c.channelId,
            senderType: p.kind === 'user' ? 'agent' : 'api',
            senderUserId: p.kind === 'user' ? p.userId : undefined,
            content: await composeOutbound(tx, { workspaceId: p.workspaceId, conversationId: c.id, channelId: c.channelId }, req.body),
          });
        });
        const [m] = await deps.db
          .select()
          .from(messages)
          .where(and(eq(messages.workspaceId, p.workspaceId), eq(messages.id, messageId)));
        return reply.status(202).send(toMessageView(m!));
      },
    );

    app.post(
      '/conversations/:id/close',
      { schema: { tags, params: idParam, body: closeConversationRequest }, preHandler: staff },
      async (req) => {
        const p = principalOf(req);
        const settings = await getConversationSettings(deps.db, p.workspaceId);
        if (!settings.closeReasons.includes(req.body.reason)) {
          throw new AppError('validation_failed', `reason: must be one of ${settings.closeReasons.join(', ')}`, {
            issues: [{ field: 'reason', message: `must be one of the workspace's close reasons` }],
          });
        }
        await withTx(deps.db, (tx) =>
          closeConversation(deps, tx, {
            workspaceId: p.workspaceId,
            conversationId: req.params.id,
            reason: req.body.reason,
            by: p.kind === 'user' ? p.userId : p.tokenId,
          }),
        );
        return conversationDetail(deps.db, p.workspaceId, req.params.id);
      },
    );

    app.get('/settings/conversations', { schema: { tags, response: { 200: conversationSettingsView } }, preHandler: staff }, (req) =>
      getConversationSettings(deps.db, principalOf(req).workspaceId),
    );

    app.put(
      '/settings/conversations',
      { schema: { tags, body: conversationSettingsView, response: { 200: conversationSettingsView } }, preHandler: admin },
      async (req) => {
        const p = principalOf(req);
        await withTx(deps.db, async (tx) => {
          await saveConversationSettings(tx, p.workspaceId, req.body, deps.clock.now());
          await recordAudit(tx, deps.clock, p, p.workspaceId, {
            action: 'settings.conversations.updated',
            details: { fields: Object.keys(req.body) },
          });
        });
        return getConversationSettings(deps.db, p.workspaceId);
      },
    );
  };
}

/** GET /l/<token>: public, counts the click and redirects (only to the URL we stored). */
export function linkRedirectRoutes(deps: Deps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { token: string } }>('/l/:token', { schema: { hide: true } }, async (req, reply) => {
      const token = req.params.token;
      const url = /^[A-Za-z0-9_-]{8,32}$/.test(token) ? await followLink(deps, token) : null;
      if (!url) return reply.status(404).type('text/plain').send('This link does not exist.');
      return reply.redirect(url, 302);
    });
  };
}
