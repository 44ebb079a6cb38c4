// Campaign sending on PostgreSQL against the fake Graph API (in a process of its own; Parley runs in two more):
//   1. the achieved send rate at a number's configured limit, 80 and 1,000 messages/s (goal: within ±5 %);
//   2. the aggregate rate over several numbers at once (goal ≥ 2,000/s);
//   3. the kill test: `kill -9` of the worker at random moments, 20 times, during a 100,000-recipient campaign
//      (restarted each time), then duplicates (goal 0) and lost recipients (must be 0).
// Each rate phase also reports the CPU per sent message of every process (worker, PostgreSQL, web, the fake).
//
//   node --import tsx bench/campaigns.bench.ts [--phases rate,aggregate,kill] [--seconds 20] [--numbers 3]
//     [--perNumber 12000] [--workers 1] [--killRecipients 100000] [--kills 20] [--reconcileSeconds 20] [--statusesOff 1]
//
// The phases are in bench/campaigns/: world.ts (database, processes, numbers, campaigns), fake-process.ts and
// fake-remote.ts (the fake and its tally), rate.ts, kill.ts, cpu.ts.
import { intOptions, isMain } from './lib/cli';
import { adminUrl } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, round, type Figure } from './lib/report';
import { RemoteFake } from './campaigns/fake-remote';
import { killPhase } from './campaigns/kill';
import { aggregatePhase, ratePhase } from './campaigns/rate';
import { TEMPLATE } from './campaigns/world';

export const campaignsDefaults = {
  /** Seconds of sending at each single-number rate (80/s and 1,000/s). */
  seconds: 20,
  /** Numbers sending at once in the aggregate run, each at 1,000/s, with `perNumber` recipients each. */
  numbers: 3,
  perNumber: 12_000,
  /** Worker processes in the aggregate run: each campaign's dispatcher runs in one of them. */
  workers: 1,
  /** The kill test's campaign, and how many times its worker is killed. */
  killRecipients: 100_000,
  kills: 20,
  /** Seconds a lost answer waits for its status before it may be resent (CAMPAIGN_RECONCILE_SECONDS). */
  reconcileSeconds: 20,
  /** 1: the fake sends no status webhooks in the rate and aggregate runs (the pipeline alone; the kill test keeps them). */
  statusesOff: 0,
};
export type CampaignsOptions = typeof campaignsDefaults;
const PHASES = ['rate', 'aggregate', 'kill'] as const;
const rates = (process.env.BENCH_RATES ?? '80,1000').split(',').map(Number);

export async function runCampaignsBench(opts: CampaignsOptions, only: readonly string[] = PHASES): Promise<Array<[string, Figure[]]>> {
  // The fake's process streams what it sees to the tally every 100 ms, so it keeps few records: a big heap of old
  // requests would cost it long garbage collections, and a stalled fake stamps the calls that waited meanwhile
  // together, as if Parley had sent them in a burst.
  const withStatuses = () => RemoteFake.start({ recordLimit: 5_000, statusDelaysMs: { sent: 50, delivered: 150, read: 300 } });
  // "Off": statuses due in ~23 days, i.e. never during the run (the fake drops its timers on close).
  const quiet = () => RemoteFake.start({ recordLimit: 5_000, statusDelaysMs: { sent: 2e9, delivered: 2e9, read: 2e9 } });
  const sections: Array<[string, Figure[]]> = [];
  const started: RemoteFake[] = [];
  const fake = async (statuses: boolean) => {
    const f = await (statuses ? withStatuses() : quiet());
    started.push(f);
    await f.registerTemplate({ name: TEMPLATE.name, language: TEMPLATE.language, category: 'marketing', body: TEMPLATE.body });
    return f;
  };
  try {
    const rateFake = only.includes('rate') || only.includes('aggregate') ? await fake(!opts.statusesOff) : undefined;
    if (only.includes('rate')) {
      sections.push([
        `Send rate at a number's limit, ${opts.seconds} s each`,
        // BENCH_RATES=80 (or 1000, or 80,500,1000) picks the limits measured.
        await rates.reduce<Promise<Figure[]>>(
          async (all, mps) => [...(await all), ...(await ratePhase(rateFake!, mps, opts.seconds, opts.reconcileSeconds))],
          Promise.resolve([]),
        ),
      ]);
    }
    if (only.includes('aggregate')) {
      sections.push([
        `Aggregate over ${opts.numbers} numbers (1,000/s each)`,
        await aggregatePhase(rateFake!, opts.numbers, opts.perNumber, opts.reconcileSeconds, opts.workers),
      ]);
    }
    if (only.includes('kill')) {
      sections.push([
        `Kill test: ${opts.kills} × kill -9 during ${opts.killRecipients} recipients`,
        await killPhase(await fake(true), opts.killRecipients, opts.kills, opts.reconcileSeconds),
      ]);
    }
  } finally {
    for (const f of started) await f.close();
  }
  return sections;
}

if (isMain(import.meta.url)) {
  const phasesArg = process.argv.indexOf('--phases');
  const only = phasesArg >= 0 ? (process.argv[phasesArg + 1]?.split(',') ?? []) : [...PHASES];
  for (const p of only)
    if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--phases: unknown phase "${p}" (known: ${PHASES.join(', ')})`);
  const argv = process.argv.slice(2).filter((_, i, a) => a[i] !== '--phases' && a[i - 1] !== '--phases');
  const opts = intOptions(campaignsDefaults, argv);
  const machine = await machineInfo({ databaseUrl: adminUrl() });
  printHeader(machine);
  process.stdout.write('\nCampaign sending on PostgreSQL…\n');
  const sections = await runCampaignsBench(opts, only);
  for (const [title, figures] of sections)
    printTable(
      title,
      figures.map((f) => ({ ...f, value: f.value === undefined ? undefined : round(f.value, f.unit === 'ms' ? 3 : 1) })),
    );
  appendResult(
    'campaigns',
    machine,
    { ...opts, phases: only },
    sections.flatMap(([, f]) => f),
  );
}
