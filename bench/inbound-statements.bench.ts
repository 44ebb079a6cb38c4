// What one inbound message costs the conversation core, counted: statements sent to PostgreSQL and CPU time of this
// process per event, each event processed alone (processInboundEvent, the fallback path) and in the worker's batches
// (processInboundEvents). In-process on the source, on a scratch PostgreSQL database; webhooks are stored untimed.
//
//   node --import tsx bench/inbound-statements.bench.ts [--events 2000] [--perCustomer 5] [--batch 50]
import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import pg from 'pg';
import { inboundHooks } from '../apps/server/src/jobs';
import { ingestWhatsAppWebhook } from '../apps/server/src/modules/channels/index';
import { inboundEvents } from '../apps/server/src/modules/channels/tables';
import { processInboundEvent, processInboundEvents } from '../apps/server/src/modules/conversations/index';
import { benchRuntime, openPostgresEngine, prepareWorld, webhook } from './bot-inbound.bench';
import { intOptions, isMain } from './lib/cli';
import { adminUrl } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, type Figure } from './lib/report';

export const inboundStatementsDefaults = { events: 2000, perCustomer: 5, batch: 50 };
type Options = typeof inboundStatementsDefaults;

// Every statement any pg client of this process sends, by its first words, while `counting` is on.
let counting = false;
const counts = new Map<string, number>();
type Queryable = { query: (...args: unknown[]) => unknown };
for (const proto of [pg.Client.prototype, pg.Pool.prototype] as unknown as Queryable[]) {
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (counting) {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : (first?.text ?? '?');
      const key = text.replace(/\s+/g, ' ').slice(0, 100);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return original.apply(this, args);
  };
}

async function runMode(opts: Options, batched: boolean): Promise<{ figures: Figure[]; top: string[] }> {
  const engine = await openPostgresEngine();
  if (typeof engine === 'string') throw new Error(engine);
  const rt = await benchRuntime(engine);
  try {
    const { off } = await prepareWorld(rt, 10);
    const deps = rt.deps;
    const customers = Math.ceil(opts.events / opts.perCustomer);
    const tag = randomBytes(3).toString('hex').toUpperCase();
    // Round-robin over the customers, as a burst of many conversations arrives.
    for (let i = 0; i < opts.events; i++) {
      const waId = `1555${String(2000000 + (i % customers))}`;
      await ingestWhatsAppWebhook(deps, webhook(off.phoneNumberId, waId, `wamid.ST${tag}${i}`, i % 3 ? 'hello there' : 'so slow!'));
    }
    const events = await deps.db
      .select({ id: inboundEvents.id })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channelId, off.channelId), isNull(inboundEvents.processedAt)))
      .orderBy(asc(inboundEvents.seq));
    const refs = events.map((e) => ({ workspaceId: off.workspaceId, eventId: e.id }));
    counts.clear();
    counting = true;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    if (batched)
      for (let i = 0; i < refs.length; i += opts.batch) await processInboundEvents(deps, refs.slice(i, i + opts.batch), inboundHooks);
    else for (const ref of refs) await processInboundEvent(deps, ref, inboundHooks);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    counting = false;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const label = batched ? `batches of ${opts.batch}` : 'one event at a time';
    const top = [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${(v / refs.length).toFixed(2).padStart(6)} × ${k}`);
    return {
      figures: [
        { metric: `${label}: statements per event`, unit: 'count', value: total / refs.length },
        { metric: `${label}: this process's CPU per event`, unit: 'ms', value: (cpu.user + cpu.system) / 1000 / refs.length },
        { metric: `${label}: wall time per event (sequential)`, unit: 'ms', value: ms / refs.length },
      ],
      top,
    };
  } finally {
    await rt.close();
    await engine.cleanup();
  }
}

export async function runInboundStatementsBench(opts: Options): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const batched of [false, true]) {
    const r = await runMode(opts, batched);
    process.stdout.write(`\n${batched ? 'Batched' : 'Alone'}: statements per event, by kind\n${r.top.join('\n')}\n`);
    figures.push(...r.figures);
  }
  return figures;
}

if (isMain(import.meta.url)) {
  const opts = intOptions(inboundStatementsDefaults);
  const machine = await machineInfo({ databaseUrl: adminUrl() });
  printHeader(machine);
  const figures = await runInboundStatementsBench(opts);
  printTable(`Inbound processing cost (${opts.events} messages, ${opts.perCustomer} per customer, PostgreSQL)`, figures);
  appendResult('inbound-statements', machine, opts, figures);
  process.exit(0);
}
