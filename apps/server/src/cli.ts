import { email as emailSchema, password as passwordSchema } from '@parley/contracts';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { announceAdmin, run } from './main';
import { createAdmin } from './modules/identity';
import { AppError } from './platform/errors';
import { createLogger } from './platform/logger';
import { createRuntime } from './runtime';

const usage: Record<string, string> = {
  start: 'parley start\n  Run the web server and the job worker in one process (the default).',
  web: 'parley web\n  Run only the HTTP API, webhooks, WebSocket and web app. Needs DATABASE_URL to share work with workers.',
  worker: 'parley worker\n  Run only the job worker (queues, schedules). Needs DATABASE_URL.',
  migrate: 'parley migrate\n  Apply pending database migrations and exit.',
  'create-admin':
    'parley create-admin --email <email> [--name <name>] [--password <password>] [--workspace <name>]\n' +
    '  Add an admin to a workspace (the oldest one by default). Without --password one is generated and printed once.',
};

const general = `Usage: parley <command> [options]\n\nCommands:\n${Object.values(usage)
  .map((u) => '  ' + u.split('\n')[0])
  .join('\n')}\n\nEvery command takes --help. Settings come from the environment: see docs/configuration.md.`;

export async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return print(general);
  if (!(command in usage)) return fail(`Unknown command "${command}".\n\n${general}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      workspace: { type: 'string' },
    },
    strict: true,
  });
  if (values.help) return print(usage[command]!);

  const config = loadConfig();
  const log = createLogger(config.log.level);
  switch (command) {
    case 'start':
      await run(config, log, { web: true, worker: true });
      return -1; // keep running
    case 'web':
      await run(config, log, { web: true, worker: false });
      return -1;
    case 'worker':
      await run(config, log, { web: false, worker: true });
      return -1;
    case 'migrate': {
      const rt = await createRuntime(config, log, { roles: { web: false, worker: false } });
      await rt.close();
      return print('Migrations applied.');
    }
    case 'create-admin': {
      if (!values.email) return fail(`--email is required.\n\n${usage['create-admin']}`);
      const email = emailSchema.safeParse(values.email);
      if (!email.success) return fail(`--email: ${values.email} is not a valid email address`);
      if (values.password !== undefined) {
        const pw = passwordSchema.safeParse(values.password);
        if (!pw.success) return fail(`--password: ${pw.error.issues[0]?.message}`);
      }
      const rt = await createRuntime(config, log, { roles: { web: false, worker: false } });
      try {
        announceAdmin(
          await createAdmin(rt.deps, { email: email.data, name: values.name, password: values.password, workspaceName: values.workspace }),
        );
      } finally {
        await rt.close();
      }
      return 0;
    }
  }
  return 0;
}

function print(text: string) {
  process.stdout.write(text + '\n');
  return 0;
}

function fail(text: string) {
  process.stderr.write(text + '\n');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`parley: ${(err as Error).message.replace(/^listen /, '')}. Set PORT to a free port.\n`);
    } else if (
      err instanceof ConfigError ||
      err instanceof AppError ||
      (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`parley: ${(err as Error).message}\n`);
    } else {
      process.stderr.write(`parley: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
