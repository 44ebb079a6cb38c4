import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../../platform/deps';
import { ingestWhatsAppWebhook } from '../ingest';
import { findChannelById, openSecrets } from '../repository';
import { answerHandshake } from './wire';

// Meta's payloads reach 3 MB; a little headroom, and nothing larger is read.
const WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * /webhooks/whatsapp (the install's Meta app) and /webhooks/whatsapp/<channel id> (a number with its own app).
 * Bodies are kept as raw bytes: the signature is computed over them, never over re-serialised JSON.
 */
export function whatsappWebhookRoutes(deps: Deps): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));

    app.get<{ Params: { channelId?: string }; Querystring: Record<string, unknown> }>(
      '/whatsapp/:channelId?',
      { schema: { hide: true } },
      async (req, reply) => {
        const token = req.params.channelId ? await channelVerifyToken(deps, req.params.channelId) : deps.config.whatsapp.verifyToken;
        const answer = token ? answerHandshake(req.query, token) : ({ status: 403 } as const);
        if (answer.status === 200) return reply.type('text/plain').send(answer.body);
        return reply.status(403).type('text/plain').send('Forbidden');
      },
    );

    app.post<{ Params: { channelId?: string } }>('/whatsapp/:channelId?', { schema: { hide: true } }, async (req, reply) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.headers['x-hub-signature-256'];
      const result = await ingestWhatsAppWebhook(deps, {
        rawBody,
        signature: typeof signature === 'string' ? signature : undefined,
        channelId: req.params.channelId,
      });
      req.log.debug(result, 'whatsapp webhook ingested');
      return reply.status(200).send({ ok: true });
    });
  };
}

async function channelVerifyToken(deps: Deps, channelId: string): Promise<string | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(channelId)) return undefined;
  const channel = await findChannelById(deps.db, channelId);
  return channel ? openSecrets(deps.secrets, channel).verifyToken : undefined;
}
