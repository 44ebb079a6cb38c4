// `npm run bench`: the startup benchmark, then the login benchmark, under one header.
// Options of both are accepted: --runs, --sequential, --concurrent, --concurrency.
// `npm run bench -- --only webhooks` (or `--only startup,login,webhooks`) picks benchmarks; the webhooks one needs
// a local PostgreSQL and takes 3–10 minutes, so it only runs when asked for. It takes its own options too.
import { intOptions, takeOption } from './lib/cli';
import { appendResult, machineInfo, printHeader, printTable } from './lib/report';
import { loginDefaults, runLoginBench } from './login.bench';
import { runStartupBench, startupDefaults } from './startup.bench';
import { printWebhooks, runWebhooksBench, webhooksDefaults, webhooksMachine } from './webhooks.bench';

const known = ['startup', 'login', 'webhooks'] as const;
type Name = (typeof known)[number];
const { value: only, rest } = takeOption('only');
const selected = (only ?? 'startup,login').split(',').map((s) => s.trim()) as Name[];
for (const name of selected) if (!known.includes(name)) throw new Error(`--only: unknown benchmark "${name}" (known: ${known.join(', ')})`);
const has = (name: Name) => selected.includes(name);

const defaults = {
  ...(has('startup') ? startupDefaults : {}),
  ...(has('login') ? loginDefaults : {}),
  ...(has('webhooks') ? webhooksDefaults : {}),
};
const opts = intOptions(defaults as Record<string, number>, rest);
const pick = <T extends object>(keys: T): T => Object.fromEntries(Object.keys(keys).map((k) => [k, opts[k]])) as T;

// The webhooks bench runs on PostgreSQL: its header shows that server's version.
const machine = has('webhooks') ? await webhooksMachine() : await machineInfo();
printHeader(machine);

// Progress lines first, then every table, as before: the figures end up together at the bottom.
const tables: Array<() => void> = [];
if (has('startup')) {
  const { runs } = pick(startupDefaults);
  process.stdout.write('\nStartup…\n');
  const startup = await runStartupBench({ runs });
  tables.push(() => printTable(`Startup (${runs} first starts on fresh data folders, 1 second start)`, startup));
  appendResult('startup', machine, { runs }, startup);
}
if (has('login')) {
  const loginOpts = pick(loginDefaults);
  process.stdout.write('Login…\n');
  const login = await runLoginBench(loginOpts);
  const { sequential, concurrent, concurrency } = loginOpts;
  tables.push(() => printTable(`Login (${sequential} sequential, ${concurrent} at concurrency ${concurrency})`, login));
  appendResult('login', machine, loginOpts, login);
}
if (has('webhooks')) {
  const webhookOpts = pick(webhooksDefaults);
  process.stdout.write('\nMessaging on PostgreSQL…\n');
  const sections = await runWebhooksBench(webhookOpts);
  tables.push(() => printWebhooks(sections));
  appendResult(
    'webhooks',
    machine,
    webhookOpts,
    sections.flatMap(([, f]) => f),
  );
}
for (const print of tables) print();
