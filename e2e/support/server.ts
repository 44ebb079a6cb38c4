// A whole Parley on a fresh embedded database, serving the built web app on a loopback port.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../../apps/server/src/testing/test-app';

const WEB_DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

/** `env`: configuration beyond the defaults (SMTP_URL for a journey that sends email, say). */
export async function startServer(env: Record<string, string> = {}): Promise<{ t: TestApp; url: string }> {
  if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error('The web app is not built: run `npm run build` first');
  const t = await startTestApp({ webDist: WEB_DIST, worker: true, systemClock: true, env });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as { port: number };
  return { t, url: `http://127.0.0.1:${port}` };
}
