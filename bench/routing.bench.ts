// Event-driven assignment on PostgreSQL, in-process (no build needed): the routing module's jobs run on this
// process's worker exactly as in `parley start`, and the figures are read off the realtime events the desks get.
//
//   1. Burst: `--routingWaiting` conversations wait (10 skillsets and the general queue) and `--routingAgents` agents
//      with room for all of them come online at once (each agent's change enqueues an assignment job). Figure:
//      assignments per second, from the first "online" commit to the last `conversation.updated` (assigned) event.
//   2. Free-up latency: everyone is full and as many conversations wait again; an agent closes a conversation
//      (closeConversation, committed) and we time until the event that gives them the next one — one at a time
//      (`--routingFrees` of them), then one per agent all at once.
//   3. The assignment pass alone, called directly (no jobs): one pass, then two at once, over a fresh queue.
//
// Customer notices are switched off (empty texts): they are a message send each, measured by the messaging bench.
// Needs a local PostgreSQL (BENCH_POSTGRES_URL, by default postgres://postgres@127.0.0.1:5432/postgres); uses a
// scratch database, dropped at the end. BENCH_WAIT_MS (default 180000) bounds each wait for assignments.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { RealtimeEvent } from '@parley/contracts';
import { loadConfig } from '../apps/server/src/config';
import { closeConversation } from '../apps/server/src/modules/conversations/index';
import { ensureDemoWorkspace } from '../apps/server/src/modules/identity/index';
import { workspaces } from '../apps/server/src/modules/identity/tables';
import { assignConversations, changeAvailability } from '../apps/server/src/modules/routing/index';
import { saveRoutingSettings } from '../apps/server/src/modules/routing/settings';
import { skillsetMembers, skillsets } from '../apps/server/src/modules/routing/tables';
import { openPostgres, withTx } from '../apps/server/src/platform/db/index';
import { createLogger } from '../apps/server/src/platform/logger';
import { REALTIME_CHANNEL } from '../apps/server/src/platform/realtime/index';
import { createRuntime, type Runtime } from '../apps/server/src/runtime';
import { seedStaff, seedWaiting, type WaitingSeed } from '../apps/server/src/testing/routing';
import { intOptions, isMain } from './lib/cli';
import { adminUrl, createDatabase, databaseUrl, dropDatabase, scratchName } from './lib/postgres';
import { appendResult, machineInfo, printHeader, printTable, round, summarize, type Figure } from './lib/report';

export const routingDefaults = { routingWaiting: 1000, routingAgents: 50, routingFrees: 200 };
export type RoutingOptions = typeof routingDefaults;

const SKILLSETS = 10;
const silent = createLogger('silent');

export async function runRoutingBench(opts: RoutingOptions): Promise<Figure[] | string> {
  try {
    const probe = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 2000 });
    await probe.connect();
    await probe.end();
  } catch (err) {
    return `PostgreSQL not reachable, routing bench skipped: ${(err as Error).message}`;
  }
  const name = scratchName('parley_bench_routing');
  await createDatabase(name);
  try {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      PARLEY_ADMIN_EMAIL: 'bench@parley.local',
      PARLEY_ADMIN_PASSWORD: 'bench-password-1234',
      PARLEY_SECRET_KEY: `bench-secret-key-${randomBytes(16).toString('hex')}`,
    });
    const runtime = async (worker: boolean) =>
      createRuntime(config, silent, { roles: { web: false, worker }, database: await openPostgres(databaseUrl(name), 10, silent) });
    const rt = await runtime(true);
    let figures: Figure[];
    let world: World;
    try {
      ({ figures, world } = await measureWithJobs(rt, opts));
    } finally {
      await rt.close();
    }
    // The pass alone, on a process with no worker: nothing else assigns meanwhile.
    const direct = await runtime(false);
    try {
      return [...figures, ...(await measureDirect(direct, world, opts))];
    } finally {
      await direct.close();
    }
  } finally {
    await dropDatabase(name);
  }
}

interface World {
  ws: string;
  queue(n: number): WaitingSeed[];
}

async function measureWithJobs(rt: Runtime, opts: RoutingOptions): Promise<{ figures: Figure[]; world: World }> {
  const deps = rt.deps;
  await ensureDemoWorkspace(deps);
  const [demo] = await deps.db.select({ id: workspaces.id }).from(workspaces).limit(1);
  const ws = demo!.id;
  // Some room to spare: with overlapping skillsets, first-come assignment cannot always use the very last places.
  const perAgent = Math.ceil((opts.routingWaiting / opts.routingAgents) * 1.2);
  await saveRoutingSettings(
    deps.db,
    ws,
    { queueMessage: '', assignedMessage: '', defaultMaxOpen: perAgent, presenceGraceSeconds: 3600, reservationTimeoutSeconds: 300 },
    deps.clock.now(),
  );
  const now = deps.clock.now();
  const sets = await deps.db
    .insert(skillsets)
    .values(
      Array.from({ length: SKILLSETS }, (_, i) => ({
        workspaceId: ws,
        name: `Skillset ${i}`,
        priority: i % 3 === 0 ? 5 : null,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: skillsets.id });
  const agents = await seedStaff(
    deps.db,
    ws,
    Array.from({ length: opts.routingAgents }, (_, i) => `Agent ${i}`),
  );
  // Each agent is in two skillsets, so every skillset has ~10 members and queues overlap as in a real team.
  await deps.db
    .insert(skillsetMembers)
    .values(
      agents.flatMap((userId, i) =>
        [i % SKILLSETS, (i + 3) % SKILLSETS].map((s) => ({ workspaceId: ws, skillsetId: sets[s]!.id, userId, createdAt: now })),
      ),
    );
  let seedNo = 0;
  const queue = (n: number): WaitingSeed[] =>
    Array.from({ length: n }, (_, i) => ({
      since: new Date(now.getTime() - (n - i) * 1000 - seedNo++),
      skillsetId: i % 10 === 9 ? null : sets[i % SKILLSETS]!.id,
    }));

  // Every assignment, as the desks see it: a conversation.updated (assigned) event after commit.
  const assigned: Array<{ at: number; agentId: string }> = [];
  const unlisten = await rt.database.listen(REALTIME_CHANNEL, (payload) => {
    const env = JSON.parse(payload) as { kind: string; event?: RealtimeEvent };
    if (env.event?.name === 'conversation.updated' && env.event.data.state === 'assigned') {
      assigned.push({ at: performance.now(), agentId: env.event.data.assigneeId! });
    }
  });
  const waitFor = async (check: () => boolean, what: string, ms = Number(process.env.BENCH_WAIT_MS ?? 180_000)) => {
    const deadline = performance.now() + ms;
    while (!check()) {
      if (performance.now() > deadline) {
        const r = await deps.db.execute(sql`select state, count(*)::int as n from conversations where workspace_id = ${ws} group by state`);
        throw new Error(
          `timed out waiting for ${what} (${assigned.length} assigned events; ${JSON.stringify((r as unknown as { rows: unknown[] }).rows)})`,
        );
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const quietFor = (ms: number) => assigned.length > 0 && performance.now() - assigned.at(-1)!.at > ms;
  const figures: Figure[] = [];
  try {
    // 1. Burst.
    await seedWaiting(deps.db, ws, queue(opts.routingWaiting));
    process.stdout.write(`  burst: ${opts.routingWaiting} waiting, ${opts.routingAgents} agents come online…\n`);
    const t0 = performance.now();
    await Promise.all(agents.map((a) => withTx(deps.db, (tx) => changeAvailability(deps, tx, ws, a, 'online'))));
    const tOnline = performance.now();
    await waitFor(() => assigned.length >= opts.routingWaiting || quietFor(2000), 'the burst to be assigned');
    const burstMs = assigned.at(-1)!.at - t0;
    figures.push(
      {
        metric: `burst: assignments per second (first online → last assigned; ${assigned.length} assigned)`,
        unit: '/s',
        value: round(assigned.length / (burstMs / 1000), 1),
      },
      { metric: 'burst: all assigned after', unit: 'ms', value: round(burstMs) },
      { metric: 'burst: first assignment after', unit: 'ms', value: round(assigned[0]!.at - t0, 1) },
      { metric: `burst: the ${agents.length} "online" commits took`, unit: 'ms', value: round(tOnline - t0) },
    );

    // 2. Free-up latency: as many wait again, and one pass (untimed) fills every place that is left.
    await seedWaiting(deps.db, ws, queue(opts.routingWaiting));
    await assignConversations(deps, ws);
    await waitFor(() => quietFor(1000), 'the fill-up events');
    process.stdout.write(`  free-up: ${opts.routingFrees} closes one at a time, then one per agent at once…\n`);
    const held = async (agentId: string) => {
      const r = await deps.db.execute(sql`select id from conversations
        where workspace_id = ${ws} and assignee_id = ${agentId} and state = 'assigned' limit 1`);
      return (r as unknown as { rows: Array<{ id: string }> }).rows[0]!.id;
    };
    const freeUp = async (agentId: string): Promise<number> => {
      const conversationId = await held(agentId);
      const seen = assigned.length;
      const start = performance.now();
      await withTx(deps.db, (tx) => closeConversation(deps, tx, { workspaceId: ws, conversationId, reason: 'Resolved', by: agentId }));
      let found: { at: number } | undefined;
      await waitFor(
        () => (found = assigned.slice(seen).find((a) => a.agentId === agentId)) !== undefined,
        `a new conversation for ${agentId}`,
      );
      return found!.at - start;
    };
    const sequential: number[] = [];
    for (let i = 0; i < opts.routingFrees; i++) sequential.push(await freeUp(agents[(i * 7) % agents.length]!));
    const parallelStart = performance.now();
    const parallel = await Promise.all(agents.map((a) => freeUp(a)));
    const parallelMs = performance.now() - parallelStart;
    figures.push(
      summarize('free-up → next assigned, one at a time (close commit → assigned event)', 'ms', sequential),
      summarize(`free-up → next assigned, ${agents.length} agents at once`, 'ms', parallel),
      { metric: `free-up: ${agents.length} at once, all refilled after`, unit: 'ms', value: round(parallelMs) },
    );
  } finally {
    await unlisten();
  }
  return { figures, world: { ws, queue } };
}

/** 3. The pass alone, no jobs: a fresh queue, everyone's room back, then one pass; again with two passes at once. */
async function measureDirect(rt: Runtime, world: World, opts: RoutingOptions): Promise<Figure[]> {
  const { deps } = rt;
  const figures: Figure[] = [];
  process.stdout.write(`  the pass alone: ${opts.routingWaiting} waiting, one pass, then two at once…\n`);
  for (const passes of [1, 2]) {
    await deps.db.execute(sql`update conversations set state = 'closed' where workspace_id = ${world.ws} and state <> 'closed'`);
    await seedWaiting(deps.db, world.ws, world.queue(opts.routingWaiting));
    const start = performance.now();
    const made = (await Promise.all(Array.from({ length: passes }, () => assignConversations(deps, world.ws)))).flat();
    const ms = performance.now() - start;
    figures.push({
      metric: `direct: ${passes === 1 ? 'one pass' : 'two passes at once'}, assignments per second (${made.length} made)`,
      unit: '/s',
      value: round(made.length / (ms / 1000), 1),
    });
  }
  return figures;
}

export function printRouting(opts: RoutingOptions, result: Figure[] | string): void {
  if (typeof result === 'string') return void process.stdout.write(`\n${result}\n`);
  printTable(
    `Routing on PostgreSQL (${opts.routingWaiting} waiting, ${opts.routingAgents} agents, ${SKILLSETS} skillsets; jobs on this process's worker)`,
    result,
  );
}

if (isMain(import.meta.url)) {
  const opts = intOptions(routingDefaults);
  const machine = await machineInfo({ databaseUrl: adminUrl() });
  printHeader(machine);
  process.stdout.write('\nRouting…\n');
  const result = await runRoutingBench(opts);
  printRouting(opts, result);
  if (typeof result !== 'string') appendResult('routing', machine, opts, result);
}
