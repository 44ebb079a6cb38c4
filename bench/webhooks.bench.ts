// Messaging on PostgreSQL: how many signed WhatsApp webhooks the real server acknowledges per second (each one
// stored durably with its pg-boss job before the 200), how fast the worker turns them into messages, and how
// long a customer's message takes to reach a signed-in browser over the WebSocket. pgbench's single-insert
// rate on the same server is printed beside them: what the simplest durable write costs on this machine.
//
//   node --import tsx bench/webhooks.bench.ts [--intakeSeconds 15] [--low 16] [--high 64] …   (see webhooksDefaults)
//
// Every phase gets its own scratch database and its own server, so one phase's backlog never skews the next.
// Databases are created on the local PostgreSQL (BENCH_POSTGRES_URL, default
// postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end of their phase.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { startFakeGraph, type FakeGraph } from '../apps/server/src/modules/channels/whatsapp/fake-graph/index';
import { intOptions, isMain, takeOption } from './lib/cli';
import { KeepAliveClient } from './lib/http';
import { adminUrl, sampleActivity, serverSettings } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, summarize, type Figure, type Machine } from './lib/report';
import { headersOf, PHONE_NUMBER_ID, prepareMany, type Prepared, WEBHOOK_PATH } from './lib/whatsapp-traffic';
import { pgbenchYardstick } from './lib/pgbench-yardstick';
import { afterRate, burst, countIn, cpuFigures, log, logCpu, startCpu, withParley, type Parley } from './lib/messaging-world';
import { backlogDrain } from './lib/backlog-drain';

export const webhooksDefaults = {
  /** Each intake run lasts this long… */
  intakeSeconds: 15,
  /** …or stops after this many webhooks, whichever comes first. */
  intakeMax: 100_000,
  /** Concurrency of the two intake runs (requests in flight). */
  low: 16,
  high: 64,
  /** Distinct customers the intake and burst messages come from. */
  customers: 1000,
  /** Messages in each processing burst (one with the greeting off, one with it on). */
  burst: 5000,
  /** How long to wait for a burst to be processed before reporting what was done. */
  processSeconds: 180,
  /** Messages stored before the worker processes start, in the backlog phase. */
  backlog: 10_000,
  /** Steady rate and duration of the inbound → WebSocket latency run. */
  rate: 50,
  latencySeconds: 10,
  /** pgbench single-insert duration. */
  pgbenchSeconds: 10,
};
export type WebhooksOptions = typeof webhooksDefaults;

const BURST_CONCURRENCY = 16;
const WARMUP = 500;
const POLL_MS = 100;
/** Seconds after the first POST at which a burst's progress is printed. */
const CHECKPOINTS = [1, 2, 5, 10, 30, 60, 120, 180, 300, 600];

/** The bench's phases, in the order they run; `--phases intake,processing` runs some of them. */
export const WEBHOOK_PHASES = ['pgbench', 'intake', 'processing', 'backlog', 'latency'] as const;
export type WebhookPhase = (typeof WEBHOOK_PHASES)[number];

/** Parse `--phases a,b`: every name must be a phase, so a typo never silently runs nothing. */
export function parsePhases(value: string | undefined): Set<WebhookPhase> {
  if (value === undefined) return new Set(WEBHOOK_PHASES);
  const names = value.split(',').map((s) => s.trim());
  for (const n of names)
    if (!(WEBHOOK_PHASES as readonly string[]).includes(n)) throw new Error(`--phases: "${n}" is not one of ${WEBHOOK_PHASES.join(', ')}`);
  return new Set(names as WebhookPhase[]);
}

export async function runWebhooksBench(
  opts: WebhooksOptions,
  phases: Set<WebhookPhase> = new Set(WEBHOOK_PHASES),
): Promise<Array<[string, Figure[]]>> {
  const sections: Array<[string, Figure[]]> = [];

  // 1. The yardstick first, alone on the machine.
  const settings = await serverSettings();
  log(
    `PostgreSQL settings: ${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  if (phases.has('pgbench')) sections.push(await pgbenchYardstick(opts));
  const fake = await startFakeGraph({ recordLimit: 20_000 });
  try {
    // 2. Intake at two concurrencies, greeting off: nothing but the webhooks and their processing, the worker taking
    // its share of the two cores as it would; then the web role alone (`parley web`: the worker runs elsewhere, or
    // later), which is what the server can take in when a burst outruns the processing.
    const intakeRuns: Array<[number, 'start' | 'web']> = [
      [opts.low, 'start'],
      [opts.high, 'start'],
      [opts.high, 'web'],
    ];
    for (const [concurrency, role] of phases.has('intake') ? intakeRuns : []) {
      const c = `concurrency ${concurrency}${role === 'web' ? ', web role alone' : ''}`;
      const figures = await withParley(
        fake,
        `intake_c${concurrency}_${role}`,
        false,
        async (p) => {
          log(`${WARMUP} untimed warm-up webhooks…`);
          await burst(p, prepareMany(WARMUP, 100, '165054'), BURST_CONCURRENCY);
          const messages = prepareMany(opts.intakeMax, opts.customers, '165055');
          log(`intake at ${c} for ${opts.intakeSeconds} s (at most ${opts.intakeMax})…`);
          const r = await intake(p, messages, concurrency, opts.intakeSeconds);
          log(`${r.ok} × 2xx in ${r.seconds.toFixed(1)} s = ${Math.round(r.ok / r.seconds)}/s, p99 ${r.latency.p99?.toFixed(1)} ms`);
          logCpu(r.cpu);
          log(
            `PostgreSQL sessions of the bench database, busy (running, or in a transaction): ${r.active.meanActive.toFixed(1)} on average (${r.active.samples} samples); their time:`,
          );
          for (const line of r.active.top) log(`  ${line}`);
          if (r.errors.length > 0) log(`first errors: ${[...new Set(r.errors)].slice(0, 3).join(' | ')}`);
          return [
            { ...r.latency, metric: `intake ${c}: POST → 200 latency` },
            { metric: `intake ${c}: acknowledged (2xx)`, unit: 'webhooks/s', value: r.ok / r.seconds },
            { metric: `intake ${c}: 2xx`, unit: 'count', value: r.ok },
            { metric: `intake ${c}: non-2xx + failed`, unit: 'count', value: r.non2xx + r.failed },
            { metric: `intake ${c}: processed meanwhile`, unit: 'msgs/s', value: r.processed / r.seconds },
            ...cpuFigures(`intake ${c}`, r.cpu),
          ] satisfies Figure[];
        },
        role,
      );
      sections.push([
        `Webhook intake, ${c}, ${opts.intakeSeconds} s (greeting off; ${opts.customers} customers; distinct wamids)`,
        figures,
      ]);
    }

    // 3. Processing after a burst, greeting off then on (new customers: each opens a new conversation); then greeting
    // off again with a `parley worker` process beside the server, so jobs run on two Node threads.
    const processingRuns: Array<[boolean, number]> = [
      [false, 0],
      [true, 0],
      [false, 1],
    ];
    for (const [greeting, extraWorkers] of phases.has('processing') ? processingRuns : []) {
      const label = `processing, greeting ${greeting ? 'on' : 'off'}${extraWorkers ? `, + ${extraWorkers} worker process` : ''}`;
      const phase = `process_${greeting ? 'on' : 'off'}${extraWorkers ? `_w${extraWorkers}` : ''}`;
      const figures = await withParley(
        fake,
        phase,
        greeting,
        async (p) => {
          const customers = Math.min(opts.customers, opts.burst);
          const sentBefore = fake.sent(PHONE_NUMBER_ID).length;
          const messages = prepareMany(opts.burst, customers, greeting ? '165057' : '165056');
          log(`burst of ${opts.burst} from ${customers} new customers, at most ${opts.processSeconds} s to process them…`);
          const r = await processingBurst(
            p,
            messages,
            opts.processSeconds,
            greeting ? { fake, sentBefore, expected: customers } : undefined,
          );
          log(`progress (s after the first POST → messages processed): ${r.progress.join(', ')}`);
          log(
            r.complete
              ? `all ${r.acked} processed in ${r.seconds.toFixed(1)} s = ${Math.round(r.acked / r.seconds)}/s`
              : `NOT complete: ${r.processed} of ${r.acked} processed after ${r.seconds.toFixed(1)} s`,
          );
          logCpu(r.cpu);
          return [
            {
              metric: `${label}: inbound processed, first POST → ${r.complete ? 'all done' : 'time limit'}`,
              unit: 'msgs/s',
              value: r.processed / r.seconds,
            },
            { metric: `${label}: processed / acknowledged`, unit: 'count', value: r.processed },
            { metric: `${label}: acknowledged (2xx)`, unit: 'count', value: r.acked },
            { metric: `${label}: first POST → all processed`, unit: 's', value: r.complete ? r.seconds : Number.NaN },
            ...(r.complete
              ? []
              : [
                  {
                    metric: `${label}: … projected at the after-POSTs rate`,
                    unit: 's',
                    value: r.seconds + (r.acked - r.processed) / afterRate(r),
                  },
                ]),
            { metric: `${label}: the burst's POSTs (c ${BURST_CONCURRENCY})`, unit: 's', value: r.postSeconds },
            { metric: `${label}: processed while the POSTs arrived`, unit: 'msgs/s', value: r.processedDuringPosts / r.postSeconds },
            {
              metric: `${label}: processed after the POSTs ended`,
              unit: 'msgs/s',
              value: afterRate(r),
            },
            // pg-boss's own timestamps: a batch is fetched at once and run one job after another, so this includes
            // the wait behind earlier jobs of the same batch.
            { ...r.handler, metric: `${label}: job fetched → completed` },
            ...(greeting
              ? [
                  { metric: `${label}: greetings accepted by the fake`, unit: 'count', value: r.greetings },
                  { metric: `${label}: first POST → all greetings sent`, unit: 's', value: r.greetingsSeconds },
                ]
              : []),
            ...cpuFigures(label, r.cpu),
          ] satisfies Figure[];
        },
        'start',
        extraWorkers,
      );
      sections.push([
        `Processing after a burst of ${opts.burst} (${Math.min(opts.customers, opts.burst)} new customers, greeting ${greeting ? 'on, sent to the fake Graph API' : 'off'}${extraWorkers ? `; ${extraWorkers} more worker process` : ''})`,
        figures,
      ]);
    }

    // 4. Processing alone: a backlog stored by `parley web`, then drained by one `parley worker` process, then by two.
    // Greeting on: every message is answered by the built-in bot, and its statuses come back as webhooks meanwhile.
    const backlogRuns: Array<[number, boolean]> = [
      [1, false],
      [2, false],
      [1, true],
    ];
    for (const [workers, greeting] of phases.has('backlog') ? backlogRuns : []) {
      sections.push(await backlogDrain(fake, { messages: opts.backlog, customers: opts.customers, workers, greeting }));
    }

    // 5. Inbound → visible: a signed-in WebSocket, a steady modest rate, every message from a new customer.
    // Greeting off (the message alone) and on (each new conversation also sends, and the fake answers with
    // sent / delivered / read status webhooks, all through the same inbound worker).
    for (const greeting of phases.has('latency') ? [false, true] : []) {
      const g = `greeting ${greeting ? 'on' : 'off'}`;
      const figures = await withParley(fake, `latency_${greeting ? 'on' : 'off'}`, greeting, async (p) => {
        log(`${opts.rate}/s for ${opts.latencySeconds} s, each from a new customer, a WebSocket signed in…`);
        const lat = await visibleLatency(p, opts.rate, opts.latencySeconds);
        log(`${lat.received} of ${lat.acked} messages seen over the WebSocket`);
        return [
          summarize(`visible, ${g}: POST sent → message.created (∞ = never)`, 'ms', lat.samples),
          // A latency that grows from the first second to the last means the worker falls behind the rate.
          summarize(`visible, ${g}: … messages of the first second`, 'ms', lat.samples.slice(0, opts.rate)),
          summarize(`visible, ${g}: … messages of the last second`, 'ms', lat.samples.slice(-opts.rate)),
          { metric: `visible, ${g}: messages acknowledged (2xx)`, unit: 'count', value: lat.acked },
          { metric: `visible, ${g}: messages without an event after 60 s`, unit: 'count', value: lat.acked - lat.received },
        ] satisfies Figure[];
      });
      sections.push([
        `Inbound → visible over the WebSocket (${opts.rate}/s for ${opts.latencySeconds} s, a new customer each, ${g})`,
        figures,
      ]);
    }
  } finally {
    await fake.close();
  }
  return sections;
}

async function intake(p: Parley, messages: Prepared[], concurrency: number, seconds: number) {
  const client = new KeepAliveClient(p.server.baseUrl, concurrency);
  try {
    const latencies: number[] = [];
    const errors: string[] = [];
    let ok = 0;
    let non2xx = 0;
    let failed = 0;
    let next = 0;
    const before = await countIn(p.pgClient);
    const activity = await sampleActivity(p.db);
    const cpu = await startCpu(p);
    const start = performance.now();
    const deadline = start + seconds * 1000;
    const worker = async () => {
      while (next < messages.length && performance.now() < deadline) {
        const m = messages[next++]!;
        const r = await client.post(WEBHOOK_PATH, m.body, headersOf(m));
        latencies.push(r.ms);
        if (r.status >= 200 && r.status < 300) ok++;
        else {
          if (r.status === 0) failed++;
          else non2xx++;
          errors.push(r.error ?? `HTTP ${r.status}`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = (performance.now() - start) / 1000;
    const usage = await cpu.stop();
    const active = await activity.stop();
    const processed = (await countIn(p.pgClient)) - before;
    return { ok, non2xx, failed, errors, seconds: elapsed, latency: summarize('', 'ms', latencies), processed, cpu: usage, active };
  } finally {
    client.close();
  }
}

/**
 * From the first POST of a burst until every acknowledged message is an inbound message (or the time limit),
 * polling the messages table every 100 ms. With the greeting on, it also waits (up to 2 minutes more) until
 * the fake Graph API has accepted one greeting per new customer.
 */
async function processingBurst(
  p: Parley,
  messages: Prepared[],
  maxSeconds: number,
  greetings?: { fake: FakeGraph; sentBefore: number; expected: number },
) {
  const base = await countIn(p.pgClient);
  const cpu = await startCpu(p);
  const start = performance.now();
  let postsDone: number | undefined;
  let acked = 0;
  let processedAtPostsDone: number | undefined;
  const sending = burst(p, messages, BURST_CONCURRENCY).then((n) => {
    acked = n;
    postsDone = performance.now();
  });
  let processed = 0;
  let doneAt: number | undefined;
  let greetingsAt: number | undefined;
  let greetingCount = 0;
  const progress: string[] = [];
  let checkpoint = 0;
  const deadline = start + maxSeconds * 1000;
  for (;;) {
    const now = performance.now();
    if (now >= (doneAt === undefined ? deadline : Math.min(deadline, doneAt + 120_000))) break;
    processed = (await countIn(p.pgClient)) - base;
    const elapsed = (performance.now() - start) / 1000;
    while (checkpoint < CHECKPOINTS.length && elapsed >= CHECKPOINTS[checkpoint]!)
      progress.push(`${CHECKPOINTS[checkpoint++]} s → ${processed}`);
    if (postsDone !== undefined && processedAtPostsDone === undefined) processedAtPostsDone = processed;
    if (greetings && greetingsAt === undefined) {
      greetingCount = greetings.fake.sent(PHONE_NUMBER_ID).length - greetings.sentBefore;
      if (greetingCount >= greetings.expected) greetingsAt = performance.now();
    }
    if (postsDone !== undefined && doneAt === undefined && processed >= acked) {
      doneAt = performance.now();
      progress.push(`${((doneAt - start) / 1000).toFixed(1)} s → ${processed} (all)`);
    }
    if (doneAt !== undefined && (!greetings || greetingsAt !== undefined)) break;
    await sleep(POLL_MS);
  }
  await sending;
  const usage = await cpu.stop();
  const end = doneAt ?? performance.now();
  const seconds = (end - start) / 1000;
  const postSeconds = ((postsDone ?? end) - start) / 1000;
  // From the fetch of each job's batch to its completion (pg-boss's own timestamps).
  const { rows } = await p.pgClient.query<{ ms: number }>(
    `select extract(epoch from completed_on - started_on) * 1000 as ms from pgboss.job
      where name = 'channels.inbound' and state = 'completed'`,
  );
  return {
    acked,
    processed,
    complete: doneAt !== undefined,
    seconds,
    postSeconds,
    processedDuringPosts: processedAtPostsDone ?? processed,
    processedAfterPosts: processed - (processedAtPostsDone ?? processed),
    handler: summarize(
      '',
      'ms',
      rows.map((r) => Number(r.ms)),
    ),
    progress,
    greetings: greetingCount,
    greetingsSeconds: ((greetingsAt ?? Number.NaN) - start) / 1000,
    cpu: usage,
  };
}

/**
 * Open loop at `rate` per second: each message is sent at its scheduled time whatever the previous ones are
 * doing. The event names the message by id; after the run, the messages table maps ids to wamids, and each
 * wamid has its POST time. A message whose event never came counts as ∞, so the percentiles stay honest.
 */
async function visibleLatency(p: Parley, rate: number, seconds: number) {
  const wsUrl = `${p.server.baseUrl.replace(/^http/, 'ws')}/api/v1/ws`;
  const socket = new WebSocket(wsUrl, { headers: { cookie: p.cookie } });
  const seenAt = new Map<string, number>(); // messageId → first arrival
  const hello = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: HTTP ${res.statusCode}`)));
    socket.on('message', (raw) => {
      const at = performance.now();
      const msg = JSON.parse(raw.toString()) as { type: string; event?: { name: string; data: { messageId?: string } } };
      if (msg.type === 'hello') resolve();
      const id = msg.type === 'event' && msg.event?.name === 'message.created' ? msg.event.data.messageId : undefined;
      if (id && !seenAt.has(id)) seenAt.set(id, at);
    });
  });
  try {
    await hello;
    const count = rate * seconds;
    const messages = prepareMany(count, count, '165058', 'Hi, is anyone there?');
    const client = new KeepAliveClient(p.server.baseUrl, 64);
    const sentAt = new Map<string, number>(); // wamid → POST start
    const base = await countIn(p.pgClient);
    let acked = 0;
    const start = performance.now();
    const posts: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait > 1) await sleep(wait);
      const m = messages[i]!;
      sentAt.set(m.wamid, performance.now());
      posts.push(client.post(WEBHOOK_PATH, m.body, headersOf(m)).then((r) => void (r.status >= 200 && r.status < 300 && acked++)));
    }
    await Promise.all(posts);
    client.close();
    // Every acknowledged message processed (at most 60 s), then a moment for the last NOTIFYs to arrive.
    const deadline = performance.now() + 60_000;
    while ((await countIn(p.pgClient)) - base < acked && performance.now() < deadline) await sleep(POLL_MS);
    await sleep(1000);

    const { rows } = await p.pgClient.query<{ id: string; wamid: string }>(
      "select id, provider_message_id as wamid from messages where direction = 'in' and id = any($1::uuid[])",
      [[...seenAt.keys()]],
    );
    const byWamid = new Map(rows.map((r) => [r.wamid, seenAt.get(r.id)!]));
    const samples = [...sentAt].map(([wamid, sent]) => {
      const seen = byWamid.get(wamid);
      return seen === undefined ? Number.POSITIVE_INFINITY : seen - sent;
    });
    return { samples, acked, received: byWamid.size };
  } finally {
    socket.close();
  }
}

export function webhooksMachine(): Promise<Machine> {
  return machineInfo({ databaseUrl: process.env.DATABASE_URL ?? adminUrl() });
}

export function printWebhooks(sections: Array<[string, Figure[]]>): void {
  for (const [title, figures] of sections) printTable(title, figures);
}

if (isMain(import.meta.url)) {
  const { value, rest } = takeOption('phases');
  const phases = parsePhases(value);
  const opts = intOptions(webhooksDefaults, rest);
  const machine = await webhooksMachine();
  printHeader(machine);
  process.stdout.write('\nMessaging on PostgreSQL…\n');
  const sections = await runWebhooksBench(opts, phases);
  printWebhooks(sections);
  appendResult(
    'webhooks',
    machine,
    opts,
    sections.flatMap(([, f]) => f),
  );
}
