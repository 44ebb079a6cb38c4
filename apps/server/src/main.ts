import { buildApp } from './app';
import type { Config } from './config';
import { ensureDemoWorkspace } from './modules/identity';
import type { Logger } from './platform/logger';
import { createRuntime, type Roles } from './runtime';

/** Run Parley with the given roles until SIGINT/SIGTERM. */
export async function run(config: Config, log: Logger, roles: Roles): Promise<void> {
  const started = performance.now();
  const rt = await createRuntime(config, log, { roles });
  const admin = await ensureDemoWorkspace(rt.deps);
  if (admin) announceAdmin(admin);

  const app = roles.web ? await buildApp(rt) : undefined;
  if (app) await app.listen({ host: config.http.host, port: config.http.port });

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app?.close();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const url =
    config.http.publicUrl ??
    `http://localhost:${app?.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : config.http.port}`;
  log.info(
    { engine: rt.database.engine, roles, readyMs: Math.round(performance.now() - started) },
    roles.web ? `Parley is ready at ${url}` : 'Parley worker is ready',
  );
}

/** The generated password is shown once, on stdout, never in the structured logs. */
export function announceAdmin(a: { workspaceName: string; email: string; generatedPassword?: string }) {
  const lines = [`Workspace "${a.workspaceName}" admin: ${a.email}`];
  lines.push(
    a.generatedPassword
      ? `Password (shown once, change it after signing in): ${a.generatedPassword}`
      : 'Password: the one you set in PARLEY_ADMIN_PASSWORD',
  );
  process.stdout.write(`\n${'='.repeat(64)}\n${lines.join('\n')}\n${'='.repeat(64)}\n\n`);
}
