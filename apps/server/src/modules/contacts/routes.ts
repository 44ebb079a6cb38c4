import { contactView, createTagRuleRequest, infiniteSessionRequest, pauseBotRequest, tagRule } from '@parley/contracts';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import { principalOf, requireAuth } from '../identity';
import { setBotPause, setInfiniteSession } from './bot-controls';
import { contactImportRoutes } from './import';
import { bulkActionRoutes } from './bulk/routes';
import type { BulkHooks } from './bulk/hooks';
import { contactListRoutes } from './list-routes';
import { noteRoutes } from './notes/routes';
import { profileRoutes } from './profile/routes';
import type { ProfileSources } from './profile/sources';
import { segmentRoutes } from './segment-routes';
import { firstMessageTagRules } from './tables';
import { getContactView } from './view';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['contacts'];

export interface ContactRouteOptions {
  pauseMinutes: (workspaceId: string) => Promise<number>;
  /** What the profile reads from channels, conversations and campaigns (the composition root wires them). */
  profile: ProfileSources;
  /** What other modules do when contacts are deleted. */
  bulk: BulkHooks;
}

export function contactRoutes(deps: Deps, defaults: ContactRouteOptions): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });
    // The list, its export and segments (GET /contacts, /contacts/export.xlsx|csv, /segments…).
    await app.register(contactListRoutes(deps));
    await app.register(segmentRoutes(deps));
    // The profile page: notes, sessions, conversations, campaigns, picture; and bulk actions on the list.
    await app.register(noteRoutes(deps));
    await app.register(profileRoutes(deps, defaults.profile));
    await app.register(bulkActionRoutes(deps, defaults.bulk));
    // Import from .xlsx / .csv (/contacts/import…).
    await app.register(contactImportRoutes(deps));

    app.get('/contacts/:id', { schema: { tags, params: idParam, response: { 200: contactView } }, preHandler: staff }, (req) =>
      getContactView(deps.db, principalOf(req).workspaceId, req.params.id),
    );

    app.post(
      '/contacts/:id/pause-bot',
      { schema: { tags, params: idParam, body: pauseBotRequest, response: { 200: contactView } }, preHandler: staff },
      async (req) => {
        const ws = principalOf(req).workspaceId;
        const minutes = req.body.resume ? null : (req.body.minutes ?? (await defaults.pauseMinutes(ws)));
        await setBotPause(deps, ws, req.params.id, minutes);
        return getContactView(deps.db, ws, req.params.id);
      },
    );

    app.put(
      '/contacts/:id/infinite-session',
      { schema: { tags, params: idParam, body: infiniteSessionRequest, response: { 200: contactView } }, preHandler: staff },
      async (req) => {
        const ws = principalOf(req).workspaceId;
        await setInfiniteSession(deps, ws, req.params.id, req.body.enabled);
        return getContactView(deps.db, ws, req.params.id);
      },
    );

    app.get(
      '/first-message-tags',
      { schema: { tags, response: { 200: z.object({ items: z.array(tagRule) }) } }, preHandler: staff },
      async (req) => ({
        items: await deps.db
          .select({
            id: firstMessageTagRules.id,
            match: firstMessageTagRules.match,
            pattern: firstMessageTagRules.pattern,
            tag: firstMessageTagRules.tag,
          })
          .from(firstMessageTagRules)
          .where(eq(firstMessageTagRules.workspaceId, principalOf(req).workspaceId))
          .orderBy(asc(firstMessageTagRules.createdAt)),
      }),
    );

    app.post(
      '/first-message-tags',
      { schema: { tags, body: createTagRuleRequest, response: { 201: tagRule } }, preHandler: admin },
      async (req, reply) => {
        const [row] = await deps.db
          .insert(firstMessageTagRules)
          .values({ workspaceId: principalOf(req).workspaceId, ...req.body })
          .onConflictDoUpdate({
            target: [firstMessageTagRules.workspaceId, firstMessageTagRules.match, firstMessageTagRules.pattern],
            set: { tag: req.body.tag },
          })
          .returning();
        return reply.status(201).send({ id: row!.id, match: row!.match, pattern: row!.pattern, tag: row!.tag });
      },
    );

    app.delete('/first-message-tags/:id', { schema: { tags, params: idParam }, preHandler: admin }, async (req, reply) => {
      const [row] = await deps.db
        .delete(firstMessageTagRules)
        .where(and(eq(firstMessageTagRules.workspaceId, principalOf(req).workspaceId), eq(firstMessageTagRules.id, req.params.id)))
        .returning({ id: firstMessageTagRules.id });
      if (!row) throw notFound('Rule');
      return reply.status(204).send();
    });
  };
}
