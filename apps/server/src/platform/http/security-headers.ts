import type { FastifyInstance } from 'fastify';

// A strict baseline for every response; the SPA needs no inline scripts and no third-party origins.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export function installSecurityHeaders(app: FastifyInstance, opts: { docsPrefix: string }): void {
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
    void reply.header('x-frame-options', 'DENY');
    // The API reference page loads its own inline bootstrap, so it keeps swagger-ui's defaults.
    if (!request.url.startsWith(opts.docsPrefix)) void reply.header('content-security-policy', CSP);
  });
}
