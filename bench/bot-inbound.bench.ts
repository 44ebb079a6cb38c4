// What the built-in bot adds to the inbound path: the job that processes one stored customer message
// (`processInboundEvent`: contact, conversation, message, statistics, session… then the bot step), timed in-process
// on the real database engines, for a workspace whose bot is off and one whose bot is the built-in personality
// with a 200-entry FAQ. Both workspaces receive the same messages from the same customers, interleaved one by
// one (the order alternating), so a busy moment on the machine hits both alike. Two figures per message: the bot
// step alone (the listener, timed inside the transaction: decide, queue the replies with their send jobs, apply
// the actions, keep its memory; its context is read by the conversation core's statement, the listener's `read`)
// and the paired difference of the whole job, bot on − bot off (which also carries the noise of two timings).
// Goal: p95 of the added latency ≤ 5 ms, read three ways: the bot step alone, the difference of the two jobs' p95
// (what the bot adds to the inbound path's p95), and the p95 of the paired differences (the strictest: the noise
// of both timings adds up in it).
//
// Runs on PGlite (a temporary data folder) and, when a local PostgreSQL answers (BENCH_POSTGRES_URL, by default
// postgres://postgres@127.0.0.1:5432/postgres), on a scratch database there too. No server process, no network
// beyond 127.0.0.1; it runs the source (tsx), so it needs no build.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config';
import { inboundHooks } from '../apps/server/src/jobs';
import { processInboundEvent, type CustomerMessageEvent, type InboundHooks } from '../apps/server/src/modules/conversations/index';
import { defaultBotConfig } from '../apps/server/src/modules/bot/engine/index';
import { saveBotSettings } from '../apps/server/src/modules/bot/settings';
import { createWhatsAppChannel, ingestWhatsAppWebhook } from '../apps/server/src/modules/channels/index';
import { inboundEvents } from '../apps/server/src/modules/channels/tables';
import { ensureDemoWorkspace } from '../apps/server/src/modules/identity/index';
import { workspaces } from '../apps/server/src/modules/identity/tables';
import { openPglite, openPostgres, type Database, type Db } from '../apps/server/src/platform/db/index';
import type { Deps } from '../apps/server/src/platform/deps';
import { createLogger } from '../apps/server/src/platform/logger';
import { createRuntime, type Runtime } from '../apps/server/src/runtime';
import { benchPersonality } from './bot.bench';
import { intOptions, isMain } from './lib/cli';
import { adminUrl, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, summarize, type Figure } from './lib/report';

// Prefixed names: `npm run bench` merges every picked benchmark's options into one set.
export const botInboundDefaults = { inboundCustomers: 80, inboundMessages: 6, inboundWarmup: 40, inboundFaq: 200 };
export type BotInboundOptions = typeof botInboundDefaults;

const GOAL_P95_MS = 5;
export const APP_SECRET = `bench-app-secret-${randomBytes(8).toString('hex')}`;
const WABA_ID = '102290129340398';

type Kind = 'first message (greeting + menu)' | 'FAQ question' | 'small talk (not understood)';

/**
 * What customer c says as their m-th message: hello, then FAQ questions (some with a typo), with one line of
 * small talk in the middle — never two in a row, so the bot never gives up and every message is answered.
 */
function script(config: ReturnType<typeof benchPersonality>, c: number, m: number): { text: string; kind: Kind } {
  if (m === 0) return { text: 'hello', kind: 'first message (greeting + menu)' };
  if (m === 3) return { text: ['ok thanks', 'the weather is lovely today', 'lol'][c % 3]!, kind: 'small talk (not understood)' };
  const entry = config.faq[(c * 7 + m * 13) % config.faq.length]!;
  const phrase = [entry.question, ...entry.phrases][(c + m) % (1 + entry.phrases.length)]!;
  return { text: (c + m) % 2 === 0 ? phrase : phrase.replace(/(\w{5,}?)(\w)(\w)/, '$1$3$2'), kind: 'FAQ question' };
}

/** One inbound text message in Meta's envelope, signed as Meta signs it. */
export function webhook(phoneNumberId: string, waId: string, wamid: string, text: string) {
  const body = Buffer.from(
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA_ID,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
                contacts: [{ profile: { name: `Customer ${waId.slice(-4)}` }, wa_id: waId }],
                messages: [{ from: waId, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
              },
            },
          ],
        },
      ],
    }),
  );
  return { rawBody: body, signature: `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` };
}

export interface Engine {
  label: string;
  database: Database;
  cleanup(): Promise<void>;
}

const silent = createLogger('silent');

async function openPgliteEngine(): Promise<Engine> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-bot-'));
  return {
    label: 'PGlite (data folder)',
    database: await openPglite({ dataDir: dir }, silent),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function openPostgresEngine(): Promise<Engine | string> {
  try {
    const probe = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 2000 });
    await probe.connect();
    await probe.end();
  } catch (err) {
    return `PostgreSQL skipped: ${(err as Error).message}`;
  }
  const name = scratchName('parley_bench_bot');
  await createDatabase(name);
  return {
    label: `PostgreSQL (scratch database ${name})`,
    database: await openPostgres(databaseUrl(name), 5, silent),
    cleanup: () => dropDatabase(name),
  };
}

interface Side {
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
}

export async function prepareWorld(rt: Runtime, faq: number) {
  const deps = rt.deps;
  await ensureDemoWorkspace(deps);
  const [demo] = await deps.db.select({ id: workspaces.id }).from(workspaces).limit(1);
  const [second] = await deps.db.insert(workspaces).values({ name: 'Bench bot on' }).returning({ id: workspaces.id });
  const side = async (workspaceId: string, phoneNumberId: string): Promise<Side> => {
    const channel = await createWhatsAppChannel(deps, workspaceId, {
      name: `Bench ${phoneNumberId}`,
      phoneNumberId,
      wabaId: WABA_ID,
      displayPhoneNumber: '+1 555 078 3881',
      accessToken: 'EAAG-bench-access-token',
      graphBaseUrl: 'http://127.0.0.1:9',
    });
    return { workspaceId, channelId: channel.id, phoneNumberId };
  };
  // Numbers new to this process: webhook intake keeps a brief phone-number → channel cache per process.
  const base = 106540352200000 + Math.floor(Math.random() * 90_000) * 2;
  const off = await side(demo!.id, String(base));
  const on = await side(second!.id, String(base + 1));
  // Business hours off: the bench measures answers, not the one out-of-hours reply a night run would give.
  const personality = { ...benchPersonality(faq), businessHours: null };
  const now = deps.clock.now();
  await saveBotSettings(deps.db, off.workspaceId, { mode: 'off', personality: defaultBotConfig }, now);
  await saveBotSettings(deps.db, on.workspaceId, { mode: 'builtin', personality }, now);
  return { off, on, personality };
}

/** A runtime on the engine's database, with no web and no worker: the bench calls the use cases itself. */
export function benchRuntime(engine: Engine): Promise<Runtime> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PARLEY_ADMIN_EMAIL: 'bench@parley.local',
    PARLEY_ADMIN_PASSWORD: 'bench-password-1234',
    PARLEY_SECRET_KEY: `bench-secret-key-${randomBytes(16).toString('hex')}`,
    WHATSAPP_APP_SECRET: APP_SECRET,
  });
  return createRuntime(config, silent, { roles: { web: false, worker: false }, database: engine.database });
}

export async function runOnEngine(
  engine: Engine,
  opts: BotInboundOptions,
): Promise<{ figures: Figure[]; replies: Record<string, number> }> {
  const rt = await benchRuntime(engine);
  try {
    const { off, on, personality } = await prepareWorld(rt, opts.inboundFaq);
    const deps = rt.deps;
    const tag = randomBytes(3).toString('hex').toUpperCase();
    let seq = 0;

    /** Store the message as the webhook would, then time the job that processes it. */
    const stored = async (s: Side, waId: string, text: string) => {
      await ingestWhatsAppWebhook(deps, webhook(s.phoneNumberId, waId, `wamid.BOT${tag}${(seq++).toString(36)}`, text));
      const [e] = await deps.db
        .select({ id: inboundEvents.id })
        .from(inboundEvents)
        .where(and(eq(inboundEvents.channelId, s.channelId), isNull(inboundEvents.processedAt)))
        .orderBy(asc(inboundEvents.seq))
        .limit(1);
      return e!.id;
    };
    // The app's listeners, each also timed on its own: the bot step as it runs inside the message's transaction.
    // Its CPU time too: on a shared machine, wall time also counts waiting for a core; CPU time does not. With PGlite
    // the database runs in this process, so that is the whole cost; with PostgreSQL, the server's share is not in it.
    let listenerMs = 0;
    let listenerCpuMs = 0;
    // The listener's read (its context, folded into the conversation core's statement) goes along with it.
    const hooks: InboundHooks = {
      customerMessage: inboundHooks.customerMessage.map((listener) =>
        Object.assign(
          async (d: Deps, tx: Db, event: CustomerMessageEvent, read?: unknown) => {
            const cpu0 = process.cpuUsage();
            const t0 = performance.now();
            await listener(d, tx, event, read);
            listenerMs += performance.now() - t0;
            const cpu = process.cpuUsage(cpu0);
            listenerCpuMs += (cpu.user + cpu.system) / 1000;
          },
          { read: listener.read },
        ),
      ),
    };
    const timed = async (s: Side, eventId: string) => {
      listenerMs = 0;
      listenerCpuMs = 0;
      const t0 = performance.now();
      await processInboundEvent(deps, { workspaceId: s.workspaceId, eventId }, hooks);
      return { ms: performance.now() - t0, listenerMs, listenerCpuMs };
    };

    const offMs: number[] = [];
    const onMs: number[] = [];
    const diffMs: number[] = [];
    const stepMs: number[] = [];
    const stepCpuMs: number[] = [];
    const stepByKind = new Map<Kind, number[]>();
    let pair = 0;
    // Message by message across customers (m outer), as a busy inbox sees them: each customer's conversation
    // goes on between other customers' messages.
    for (let m = 0; m < opts.inboundMessages; m++) {
      for (let c = 0; c < opts.inboundCustomers; c++) {
        const waId = `1650557${String(c).padStart(4, '0')}`;
        const { text, kind } = script(personality, c, m);
        const offEvent = await stored(off, waId, text);
        const onEvent = await stored(on, waId, text);
        let a: Awaited<ReturnType<typeof timed>>;
        let b: Awaited<ReturnType<typeof timed>>;
        if (pair % 2 === 0) {
          a = await timed(off, offEvent);
          b = await timed(on, onEvent);
        } else {
          b = await timed(on, onEvent);
          a = await timed(off, offEvent);
        }
        if (pair++ < opts.inboundWarmup) continue;
        offMs.push(a.ms);
        onMs.push(b.ms);
        diffMs.push(b.ms - a.ms);
        stepMs.push(b.listenerMs);
        stepCpuMs.push(b.listenerCpuMs);
        const list = stepByKind.get(kind) ?? [];
        list.push(b.listenerMs);
        stepByKind.set(kind, list);
      }
    }

    const counts = await deps.db.execute(
      sql`select workspace_id, count(*)::int as n from messages where sender_type = 'bot' group by workspace_id`,
    );
    const byWorkspace = new Map(
      ((counts as { rows: unknown[] }).rows as { workspace_id: string; n: number }[]).map((r) => [r.workspace_id, r.n]),
    );
    const states = await deps.db.execute(sql`select state, count(*)::int as n from conversations group by state order by state`);
    const replies = {
      'bot replies queued, bot off': byWorkspace.get(off.workspaceId) ?? 0,
      'bot replies queued, bot on': byWorkspace.get(on.workspaceId) ?? 0,
      ...Object.fromEntries(
        ((states as { rows: unknown[] }).rows as { state: string; n: number }[]).map((r) => [`conversations in state ${r.state}`, r.n]),
      ),
    };
    const figures: Figure[] = [
      summarize('processInboundEvent, bot off', 'ms', offMs),
      summarize(`processInboundEvent, built-in bot (${opts.inboundFaq} FAQ)`, 'ms', onMs),
      summarize('difference, bot on − bot off (paired, per message)', 'ms', diffMs),
      summarize('bot step alone (the listener, in the transaction)', 'ms', stepMs),
      summarize('bot step alone, CPU time of this process', 'ms', stepCpuMs),
      ...[...stepByKind].map(([kind, ms]) => summarize(`  ${kind}`, 'ms', ms)),
    ];
    return { figures, replies };
  } finally {
    await rt.close();
  }
}

export async function runBotInboundBench(opts: BotInboundOptions): Promise<Array<[string, Figure[], Record<string, number>]>> {
  const out: Array<[string, Figure[], Record<string, number>]> = [];
  for (const open of [openPgliteEngine, openPostgresEngine]) {
    const engine = await open();
    if (typeof engine === 'string') {
      process.stdout.write(`  ${engine}\n`);
      continue;
    }
    process.stdout.write(`  ${engine.label}…\n`);
    try {
      const { figures, replies } = await runOnEngine(engine, opts);
      out.push([engine.label, figures, replies]);
    } finally {
      await engine.cleanup();
    }
  }
  return out;
}

export function printBotInbound(opts: BotInboundOptions, sections: Array<[string, Figure[], Record<string, number>]>) {
  for (const [label, figures, replies] of sections) {
    const timed = opts.inboundCustomers * opts.inboundMessages - opts.inboundWarmup;
    printTable(
      `Bot step in the inbound path · ${label} · ${opts.inboundCustomers} customers × ${opts.inboundMessages} messages per workspace, ${timed} timed after ${opts.inboundWarmup} warm-up`,
      figures,
    );
    const lines = Object.entries(replies).map(([k, v]) => `  ${k.padEnd(36)} ${v}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    const p95 = (prefix: string) => figures.find((f) => f.metric.startsWith(prefix))?.p95 ?? Infinity;
    const verdict = (ms: number) => `${ms <= GOAL_P95_MS ? 'met' : 'NOT met'} (${ms.toFixed(2)} ms)`;
    process.stdout.write(
      `Goal: added p95 ≤ ${GOAL_P95_MS} ms — bot step alone: ${verdict(p95('bot step alone'))}; ` +
        `p95 bot on − p95 bot off: ${verdict(p95('processInboundEvent, built-in') - p95('processInboundEvent, bot off'))}; ` +
        `paired difference: ${verdict(p95('difference'))}\n`,
    );
  }
}

if (isMain(import.meta.url)) {
  const opts = intOptions(botInboundDefaults);
  const machine = await machineInfo({ databaseUrl: adminUrl() });
  printHeader(machine);
  process.stdout.write('\nBot step in the inbound path…\n');
  const sections = await runBotInboundBench(opts);
  printBotInbound(opts, sections);
  appendResult(
    'bot-inbound',
    machine,
    opts,
    sections.flatMap(([label, f]) => f.map((x) => ({ ...x, metric: `${label}: ${x.metric}` }))),
  );
}
