import type { FastifyInstance } from 'fastify';

// A strict baseline for every response; the SPA needs no inline scripts and no third-party origins.
// `frameAncestors` 'self' is for the few pages this app frames itself (the chat widget's preview).
export const contentSecurityPolicy = (frameAncestors: "'none'" | "'self'" = "'none'") =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self' ws: wss:",
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
const CSP = contentSecurityPolicy();

export function installSecurityHeaders(app: FastifyInstance, opts: { docsPrefix: string }): void {
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
    // A route that set its own framing policy (the widget preview, framed by the app) keeps it.
    if (!reply.hasHeader('x-frame-options')) void reply.header('x-frame-options', 'DENY');
    // The API reference page loads its own inline bootstrap, so it keeps swagger-ui's defaults.
    if (!request.url.startsWith(opts.docsPrefix) && !reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', CSP);
    }
  });
}
