// Agents (availability, limits, load), transfers, skillset readiness and the workspace's routing settings.
import {
  agent,
  agentList,
  myAvailability,
  routingSettings,
  setAvailabilityRequest,
  skillsetReadiness as readinessSchema,
  skillsetReadinessList,
  transferRequest,
  transferResult,
  updateAgentRequest,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, recordAudit, requireAuth, userPrincipalOf } from '../identity';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { clientIp } from '../../platform/http/client-ip';
import { agentLoad, listAgents } from './agents';
import { assignJob } from './job-definitions';
import { skillsetReadiness } from './readiness';
import { getRoutingSettings, saveRoutingSettings } from './settings';
import { getSkillset } from './skillsets';
import { transferConversation } from './transfer-conversation';
import { setMyAvailability, updateAgent } from './update-agent';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['routing'];

export function queueRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const people = requireAuth(deps);
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    app.get('/agents', { schema: { tags, response: { 200: agentList } }, preHandler: staff }, async (req) => ({
      items: await listAgents(deps.db, principalOf(req).workspaceId),
    }));

    app.get('/agents/me/availability', { schema: { tags, response: { 200: myAvailability } }, preHandler: people }, (req) => {
      const p = userPrincipalOf(req);
      return agentLoad(deps.db, p.workspaceId, p.userId);
    });

    app.put(
      '/agents/me/availability',
      { schema: { tags, body: setAvailabilityRequest, response: { 200: myAvailability } }, preHandler: people },
      (req) => setMyAvailability(deps, userPrincipalOf(req), req.body.availability),
    );

    app.patch(
      '/agents/:id',
      { schema: { tags, params: idParam, body: updateAgentRequest, response: { 200: agent } }, preHandler: admin },
      (req) => updateAgent(deps, principalOf(req), req.params.id, req.body, clientIp(req)),
    );

    app.post(
      '/conversations/:id/transfer',
      { schema: { tags, params: idParam, body: transferRequest, response: { 200: transferResult } }, preHandler: staff },
      (req) => transferConversation(deps, principalOf(req), req.params.id, req.body, clientIp(req)),
    );

    app.get('/skillsets/readiness', { schema: { tags, response: { 200: skillsetReadinessList } }, preHandler: staff }, async (req) => ({
      items: await skillsetReadiness(deps.db, principalOf(req).workspaceId),
    }));

    app.get(
      '/skillsets/:id/readiness',
      { schema: { tags, params: idParam, response: { 200: readinessSchema } }, preHandler: staff },
      async (req) => {
        const workspaceId = principalOf(req).workspaceId;
        await getSkillset(deps.db, workspaceId, req.params.id); // 404 for a deleted or foreign one
        return (await skillsetReadiness(deps.db, workspaceId, req.params.id))[0]!;
      },
    );

    app.get('/settings/routing', { schema: { tags, response: { 200: routingSettings } }, preHandler: staff }, (req) =>
      getRoutingSettings(deps.db, principalOf(req).workspaceId),
    );

    app.put(
      '/settings/routing',
      { schema: { tags, body: routingSettings, response: { 200: routingSettings } }, preHandler: admin },
      async (req) => {
        const p = principalOf(req);
        await withTx(deps.db, async (tx) => {
          const before = await getRoutingSettings(tx, p.workspaceId);
          await saveRoutingSettings(tx, p.workspaceId, req.body, deps.clock.now());
          // A higher default limit is room for every agent on the default.
          if (req.body.defaultMaxOpen > before.defaultMaxOpen) await deps.queue.enqueue(tx, assignJob, { workspaceId: p.workspaceId });
          await recordAudit(tx, deps.clock, p, p.workspaceId, {
            action: 'settings.routing.updated',
            details: { fields: Object.keys(req.body) },
            ip: clientIp(req),
          });
        });
        return getRoutingSettings(deps.db, p.workspaceId);
      },
    );
  };
}
