import { botSettingsView, botTestRequest, botTestResult, updateBotSettingsRequest } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { principalOf, recordAudit, requireAuth } from '../identity';
import { getBotSettings, saveBotSettings } from './settings';
import { testBot } from './test-bot';
import { currentProblems, validatePersonality } from './validate-settings';

const tags = ['bot'];

export function botRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });

    const view = async (workspaceId: string) => {
      const s = await getBotSettings(deps.db, workspaceId);
      return {
        mode: s.mode,
        personality: s.personality,
        version: s.version,
        updatedAt: s.updatedAt?.toISOString() ?? null,
        problems: await currentProblems(deps.db, workspaceId, s.personality),
      };
    };

    app.get('/bot/settings', { schema: { tags, response: { 200: botSettingsView } }, preHandler: admin }, (req) =>
      view(principalOf(req).workspaceId),
    );

    app.put(
      '/bot/settings',
      { schema: { tags, body: updateBotSettingsRequest, response: { 200: botSettingsView } }, preHandler: admin },
      async (req) => {
        const p = principalOf(req);
        await withTx(deps.db, async (tx) => {
          const personality =
            req.body.personality === undefined
              ? (await getBotSettings(tx, p.workspaceId)).personality
              : await validatePersonality(tx, p.workspaceId, req.body.personality);
          await saveBotSettings(tx, p.workspaceId, { mode: req.body.mode, personality }, deps.clock.now());
          await recordAudit(tx, deps.clock, p, p.workspaceId, {
            action: 'settings.bot.updated',
            details: { mode: req.body.mode, personality: req.body.personality === undefined ? 'kept' : 'replaced' },
            ip: req.ip,
          });
        });
        return view(p.workspaceId);
      },
    );

    app.post('/bot/test', { schema: { tags, body: botTestRequest, response: { 200: botTestResult } }, preHandler: staff }, (req) =>
      testBot(deps, deps.db, principalOf(req).workspaceId, req.body),
    );
  };
}
