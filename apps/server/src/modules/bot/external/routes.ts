import { externalBotSettingsView, externalBotTestRequest, externalBotTestResult, putExternalBotRequest } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../../platform/deps';
import { clientIp } from '../../../platform/http/client-ip';
import { principalOf, requireAuth } from '../../identity';
import { sendTestEvent } from './send-test-event';
import { loadExternalBot, saveExternalBot, toSettingsView } from './settings';

const tags = ['bot'];

/** The external bot's settings (admins only; the secret is write-only) and "send test event". */
export function externalBotRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    app.get('/bot/external', { schema: { tags, response: { 200: externalBotSettingsView } }, preHandler: admin }, async (req) =>
      toSettingsView(await loadExternalBot(deps.db, principalOf(req).workspaceId)),
    );

    app.put(
      '/bot/external',
      { schema: { tags, body: putExternalBotRequest, response: { 200: externalBotSettingsView } }, preHandler: admin },
      (req) => saveExternalBot(deps, principalOf(req), req.body, clientIp(req)),
    );

    app.post(
      '/bot/external/test',
      { schema: { tags, body: externalBotTestRequest.nullish(), response: { 200: externalBotTestResult } }, preHandler: admin },
      (req) => sendTestEvent(deps, principalOf(req).workspaceId, req.body?.text),
    );
  };
}
