// `npm run bench`: the startup benchmark, then the login benchmark, under one header.
// Options of both are accepted: --runs, --sequential, --concurrent, --concurrency.
// `npm run bench -- --only webhooks` (or `--only startup,login,webhooks`) picks benchmarks; the webhooks one needs
// a local PostgreSQL and takes 3–10 minutes, so it only runs when asked for. It takes its own options too.
// `--only bot-inbound` times the bot step in the inbound path in-process (no build needed), on PGlite and PostgreSQL.
// `--only routing` times assignment on PostgreSQL in-process (no build needed): burst rate and free-up latency.
// `--only contacts` seeds 100,000 contacts on PostgreSQL and times the contacts list, segment counts and the export.
// `--only admin-lists` seeds 1,000,000 conversations on PostgreSQL and times the admin menu's lists, counts and Excel.
// `--only campaign-validation` uploads, validates and confirms a 100,000-row .xlsx campaign audience on PostgreSQL.
// `--only contacts-import` uploads a 100,000-row .xlsx of contacts to a validated preview and imports it, on PostgreSQL.
import { intOptions, takeOption } from './lib/cli';
import { adminUrl } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable } from './lib/report';
import { adminListsDefaults, printAdminLists, runAdminListsBench } from './admin-lists.bench';
import { botInboundDefaults, printBotInbound, runBotInboundBench } from './bot-inbound.bench';
import { campaignValidationDefaults, printCampaignValidation, runCampaignValidationBench } from './campaign-validation.bench';
import { contactsDefaults, printContacts, runContactsBench } from './contacts.bench';
import { contactsImportDefaults, printContactsImport, runContactsImportBench } from './contacts-import.bench';
import { loginDefaults, runLoginBench } from './login.bench';
import { printRouting, routingDefaults, runRoutingBench } from './routing.bench';
import { runStartupBench, startupDefaults } from './startup.bench';
import { printWebhooks, runWebhooksBench, webhooksDefaults, webhooksMachine } from './webhooks.bench';

const known = [
  'startup',
  'login',
  'webhooks',
  'bot-inbound',
  'routing',
  'contacts',
  'campaign-validation',
  'admin-lists',
  'contacts-import',
] as const;
type Name = (typeof known)[number];
const { value: only, rest } = takeOption('only');
const selected = (only ?? 'startup,login').split(',').map((s) => s.trim()) as Name[];
for (const name of selected) if (!known.includes(name)) throw new Error(`--only: unknown benchmark "${name}" (known: ${known.join(', ')})`);
const has = (name: Name) => selected.includes(name);

const defaults = {
  ...(has('startup') ? startupDefaults : {}),
  ...(has('login') ? loginDefaults : {}),
  ...(has('webhooks') ? webhooksDefaults : {}),
  ...(has('bot-inbound') ? botInboundDefaults : {}),
  ...(has('routing') ? routingDefaults : {}),
  ...(has('contacts') ? contactsDefaults : {}),
  ...(has('campaign-validation') ? campaignValidationDefaults : {}),
  ...(has('admin-lists') ? adminListsDefaults : {}),
  ...(has('contacts-import') ? contactsImportDefaults : {}),
};
const opts = intOptions(defaults as Record<string, number>, rest);
const pick = <T extends object>(keys: T): T => Object.fromEntries(Object.keys(keys).map((k) => [k, opts[k]])) as T;

// The webhooks bench runs on PostgreSQL: its header shows that server's version.
const machine = has('webhooks')
  ? await webhooksMachine()
  : await machineInfo(
      has('routing') || has('contacts') || has('campaign-validation') || has('admin-lists') || has('contacts-import')
        ? { databaseUrl: adminUrl() }
        : {},
    );
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
if (has('bot-inbound')) {
  const botOpts = pick(botInboundDefaults);
  process.stdout.write('\nBot step in the inbound path (PGlite, and PostgreSQL if a local server answers)…\n');
  const sections = await runBotInboundBench(botOpts);
  tables.push(() => printBotInbound(botOpts, sections));
  appendResult(
    'bot-inbound',
    machine,
    botOpts,
    sections.flatMap(([label, f]) => f.map((x) => ({ ...x, metric: `${label}: ${x.metric}` }))),
  );
}
if (has('routing')) {
  const routingOpts = pick(routingDefaults);
  process.stdout.write('\nRouting on PostgreSQL…\n');
  const result = await runRoutingBench(routingOpts);
  tables.push(() => printRouting(routingOpts, result));
  if (typeof result !== 'string') appendResult('routing', machine, routingOpts, result);
}
if (has('contacts')) {
  const contactsOpts = pick(contactsDefaults);
  process.stdout.write('\nContacts on PostgreSQL…\n');
  const sections = await runContactsBench(contactsOpts);
  tables.push(() => printContacts(sections));
  appendResult(
    'contacts',
    machine,
    contactsOpts,
    sections.flatMap(([, f]) => f),
  );
}
if (has('campaign-validation')) {
  const campaignOpts = pick(campaignValidationDefaults);
  process.stdout.write('\nCampaign validation on PostgreSQL…\n');
  const figures = await runCampaignValidationBench(campaignOpts);
  tables.push(() => printCampaignValidation(campaignOpts, figures));
  appendResult('campaign-validation', machine, campaignOpts, figures);
}
if (has('admin-lists')) {
  const adminOpts = pick(adminListsDefaults);
  process.stdout.write('\nAdmin lists on PostgreSQL…\n');
  const sections = await runAdminListsBench(adminOpts);
  tables.push(() => printAdminLists(sections));
  appendResult(
    'admin-lists',
    machine,
    adminOpts,
    sections.flatMap(([, f]) => f),
  );
}
if (has('contacts-import')) {
  const importOpts = pick(contactsImportDefaults);
  process.stdout.write('\nContact import on PostgreSQL…\n');
  const figures = await runContactsImportBench(importOpts);
  tables.push(() => printContactsImport(importOpts, figures));
  appendResult('contacts-import', machine, importOpts, figures);
}
for (const print of tables) print();
