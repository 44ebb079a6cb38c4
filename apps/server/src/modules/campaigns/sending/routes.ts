import {
  campaignHistoryItem,
  campaignHistoryPage,
  campaignHistoryQuery,
  campaignRecipientsPage,
  campaignRecipientsQuery,
  campaignStatuses,
  recipientStatuses,
  senderSettings,
  senderSettingsUpdate,
  sendTemplateRequest,
  sendTemplateResult,
} from '@parley/contracts';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough, type Writable } from 'node:stream';
import { z } from 'zod';
import { isTimeZone, WallClock } from '../../../platform/excel';
import type { Deps } from '../../../platform/deps';
import { clientIp } from '../../../platform/http/client-ip';
import { principalOf, recordAudit, requireAuth, viewerTimezone, type Principal } from '../../identity';
import { cancelCampaign } from './cancel-campaign';
import { writeCampaignsXlsx, writeRecipientsXlsx } from './export-history';
import { getCampaignHistory, listCampaignHistory, listCampaignRecipients } from './history';
import { pauseCampaign } from './pause-campaign';
import { resumeCampaign } from './resume-campaign';
import { getSenderSettings, updateSenderSettings } from './sender-settings';
import { sendTemplate } from './send-template';

const tags = ['campaigns'];
const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const channelParam = z.object({ channelId: z.uuid({ message: 'must be a UUID' }) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const statusQuery = z
  .object({ status: z.enum(campaignStatuses, { message: `must be one of ${campaignStatuses.join(', ')}` }).optional() })
  .strict();
const recipientStatusQuery = z
  .object({ status: z.enum(recipientStatuses, { message: `must be one of ${recipientStatuses.join(', ')}` }).optional() })
  .strict();

/**
 * Sending and the outbound history: campaigns with counts and progress, a campaign's recipients, their Excel exports,
 * the controls (pause, resume, cancel), a number's sending settings, and the API's one-template send.
 */
export function campaignSendingRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const admin = requireAuth(deps, { roles: ['admin'], tokens: true });
    const audit = (p: Principal, action: string, targetId: string, ip: string | undefined) =>
      recordAudit(deps.db, deps.clock, p, p.workspaceId, { action, targetType: 'campaign', targetId, ...(ip ? { ip } : {}) });

    app.get(
      '/campaigns',
      { schema: { tags, querystring: campaignHistoryQuery, response: { 200: campaignHistoryPage } }, preHandler: admin },
      (req) => listCampaignHistory(deps.db, principalOf(req).workspaceId, req.query),
    );
    app.get('/campaigns.xlsx', { schema: { tags, querystring: statusQuery }, preHandler: admin }, async (req, reply) => {
      const p = principalOf(req);
      const timezone = await zoneOf(deps, p);
      await audit(p, 'campaigns.exported', p.workspaceId, clientIp(req));
      return download(reply, `campaigns-${day(timezone, deps.clock.now())}.xlsx`, req.log, (out) =>
        writeCampaignsXlsx(deps.db, p.workspaceId, { ...(req.query.status ? { status: req.query.status } : {}), timezone }, out),
      );
    });
    app.get('/campaigns/:id', { schema: { tags, params: idParam, response: { 200: campaignHistoryItem } }, preHandler: admin }, (req) =>
      getCampaignHistory(deps.db, principalOf(req).workspaceId, req.params.id),
    );
    app.get(
      '/campaigns/:id/recipients',
      {
        schema: { tags, params: idParam, querystring: campaignRecipientsQuery, response: { 200: campaignRecipientsPage } },
        preHandler: admin,
      },
      (req) => listCampaignRecipients(deps.db, principalOf(req).workspaceId, req.params.id, req.query),
    );
    app.get(
      '/campaigns/:id/recipients.xlsx',
      { schema: { tags, params: idParam, querystring: recipientStatusQuery }, preHandler: admin },
      async (req, reply) => {
        const p = principalOf(req);
        await getCampaignHistory(deps.db, p.workspaceId, req.params.id); // 404 before any byte of the file
        const timezone = await zoneOf(deps, p);
        await audit(p, 'campaign.recipients_exported', req.params.id, clientIp(req));
        return download(reply, `campaign-recipients-${day(timezone, deps.clock.now())}.xlsx`, req.log, (out) =>
          writeRecipientsXlsx(
            deps.db,
            p.workspaceId,
            req.params.id,
            { ...(req.query.status ? { status: req.query.status } : {}), timezone },
            out,
          ),
        );
      },
    );

    const control = (path: string, action: string, run: (ws: string, id: string) => Promise<unknown>) =>
      app.post(
        `/campaigns/:id/${path}`,
        { schema: { tags, params: idParam, response: { 200: campaignHistoryItem } }, preHandler: admin },
        async (req) => {
          const p = principalOf(req);
          await run(p.workspaceId, req.params.id);
          await audit(p, action, req.params.id, clientIp(req));
          return getCampaignHistory(deps.db, p.workspaceId, req.params.id);
        },
      );
    control('pause', 'campaign.paused', (ws, id) => pauseCampaign(deps, ws, id));
    control('resume', 'campaign.resumed', (ws, id) => resumeCampaign(deps, ws, id));
    control('cancel', 'campaign.cancelled', (ws, id) => cancelCampaign(deps, ws, id));

    app.get(
      '/campaigns/senders/:channelId',
      { schema: { tags, params: channelParam, response: { 200: senderSettings } }, preHandler: admin },
      (req) => getSenderSettings(deps.db, principalOf(req).workspaceId, req.params.channelId, deps.clock.now()),
    );
    app.put(
      '/campaigns/senders/:channelId',
      { schema: { tags, params: channelParam, body: senderSettingsUpdate, response: { 200: senderSettings } }, preHandler: admin },
      async (req) => {
        const p = principalOf(req);
        const result = await updateSenderSettings(deps.db, p.workspaceId, req.params.channelId, req.body, deps.clock.now());
        await recordAudit(deps.db, deps.clock, p, p.workspaceId, {
          action: 'campaign_sender.updated',
          targetType: 'channel',
          targetId: req.params.channelId,
          details: { ...req.body },
        });
        return result;
      },
    );

    app.post(
      '/messages/template',
      { schema: { tags: ['messages'], body: sendTemplateRequest, response: { 202: sendTemplateResult } }, preHandler: admin },
      async (req, reply) => {
        const p = principalOf(req);
        const result = await sendTemplate(
          deps,
          { workspaceId: p.workspaceId, ...(p.kind === 'user' ? { userId: p.userId } : {}) },
          req.body,
        );
        return reply.status(202).send(result);
      },
    );
  };
}

async function zoneOf(deps: Deps, p: Principal): Promise<string> {
  const preferred = await viewerTimezone(deps.db, p);
  return isTimeZone(preferred) ? preferred : 'UTC';
}

const day = (timezone: string, now: Date) => new WallClock(timezone).text(now).slice(0, 10);

/** Stream a generated .xlsx; a failure midway cuts the download short so the client sees it failed. */
function download(reply: FastifyReply, fileName: string, log: FastifyBaseLogger, write: (out: Writable) => Promise<unknown>) {
  const body = new PassThrough();
  write(body).catch((err: unknown) => {
    log.error({ err }, 'campaign history export failed midway');
    body.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);
}
