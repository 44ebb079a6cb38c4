import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../../platform/deps';
import { ingestTelegramUpdate } from './ingest';
import { SECRET_TOKEN_HEADER } from './wire';

// One update per POST; Telegram's bodies are small (a message of 4096 characters and its entities).
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * /webhooks/telegram/<channel id>: where setWebhook points each connected bot. The body is kept as raw bytes
 * (stored as received when it cannot be used); the secret token header is checked before anything is parsed.
 */
export function telegramWebhookRoutes(deps: Deps): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));

    app.post<{ Params: { channelId: string } }>('/telegram/:channelId', { schema: { hide: true } }, async (req, reply) => {
      const result = await ingestTelegramUpdate(deps, {
        channelId: req.params.channelId,
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        secretToken: req.headers[SECRET_TOKEN_HEADER],
      });
      req.log.debug(result, 'telegram update ingested');
      return reply.status(200).send({ ok: true });
    });
  };
}
