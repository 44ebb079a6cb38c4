// Property-based routing: fast-check drives random sequences of arrivals, availability changes, closes, transfers
// and reservation expiries — several at once, on two Parley nodes when PostgreSQL is the engine — and after every
// step checks routing's invariants against a small reference model of who may take what:
//   capacity never exceeded · one owner at most · FIFO within priority · exclusive reservations never taken by
//   others · nothing left waiting while an eligible online agent has room.
// On PGlite (one transaction at a time) the same sequences run without the race; the invariants still hold.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../testing/engines';
import { loadByAgent, seedAgent, seedStaff, seedWaiting } from '../../testing/routing';
import { startSecondNode, startTestApp, type TestApp } from '../../testing/test-app';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { closeConversation } from '../conversations';
import { workspaces } from '../identity/tables';
import { assignConversations, type Assignment } from './assign-conversations';
import { expireReservations } from './expire-reservations';
import { skillsetMembers, skillsets } from './tables';
import { transferConversation } from './transfer-conversation';

const onPostgres = testEngine() === 'postgres';
const AGENTS = 5;
const RESERVATION_MS = 300_000; // the default reservation timeout

let t: TestApp;
let node2: Awaited<ReturnType<typeof startSecondNode>> | undefined;
beforeAll(async () => {
  t = await startTestApp();
  if (onPostgres) node2 = await startSecondNode(t);
});
afterAll(async () => {
  await node2?.close();
  await t?.close();
});

type Op =
  | { kind: 'arrive'; queue: 0 | 1 | 2 } // 0: general queue, 1: skillset with priority, 2: skillset without
  | { kind: 'availability'; agent: number; online: boolean }
  | { kind: 'close'; pick: number }
  | { kind: 'transfer'; pick: number; to: number; exclusive: boolean };
type Step = { kind: 'together'; ops: Op[]; nodesAssign: boolean } | { kind: 'expire' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('arrive' as const), queue: fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2> }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('availability' as const), agent: fc.nat(AGENTS - 1), online: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat(50) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('transfer' as const), pick: fc.nat(50), to: fc.nat(AGENTS - 1), exclusive: fc.boolean() }),
  },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('together' as const),
      ops: fc.array(op, { minLength: 1, maxLength: 4 }),
      nodesAssign: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
);
const world = fc.record({
  limits: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: AGENTS, maxLength: AGENTS }),
  // Per agent: member of skillset 1? of skillset 2?
  membership: fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: AGENTS, maxLength: AGENTS }),
  steps: fc.array(step, { minLength: 4, maxLength: 12 }),
});

/** The reference model: what routing must respect, kept beside the database. */
interface Model {
  ws: string;
  agents: string[];
  limit: Map<string, number>;
  online: Map<string, boolean>;
  skills: Map<string, Set<string>>;
  /** The two skillsets: with priority 5, and without. */
  sets: string[];
  priority: Map<string, number>;
}

interface Row {
  id: string;
  state: string;
  assignee_id: string | null;
  waiting_skillset_id: string | null;
  reserved_for_user_id: string | null;
  waiting_since: string | Date | null;
}

async function rows(m: Model): Promise<Row[]> {
  const r = await t.rt.deps.db.execute(sql`select id, state, assignee_id, waiting_skillset_id, reserved_for_user_id, waiting_since
    from conversations where workspace_id = ${m.ws}`);
  return (r as unknown as { rows: Row[] }).rows;
}

/** May this agent take this waiting conversation (ignoring room and availability)? */
function mayTake(m: Model, agent: string, c: Row): boolean {
  if (c.reserved_for_user_id) return c.reserved_for_user_id === agent;
  return !c.waiting_skillset_id || m.skills.get(agent)!.has(c.waiting_skillset_id);
}

/** Where a conversation stands in this agent's order: reserved for them first, then priority, then oldest. */
function rank(m: Model, agent: string, c: Row): [number, number, number] {
  const since = new Date(c.waiting_since!).getTime();
  return [c.reserved_for_user_id === agent ? 0 : 1, -(c.waiting_skillset_id ? (m.priority.get(c.waiting_skillset_id) ?? 0) : 0), since];
}
const before = (a: [number, number, number], b: [number, number, number]) =>
  a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];

async function setUp(limits: number[], membership: Array<[boolean, boolean]>): Promise<Model> {
  const db = t.rt.deps.db;
  const now = t.clock.now();
  const [w] = await db.insert(workspaces).values({ name: 'Routing property' }).returning({ id: workspaces.id });
  const ws = w!.id;
  const made = await db
    .insert(skillsets)
    .values([
      { workspaceId: ws, name: 'Priority desk', priority: 5, createdAt: now, updatedAt: now },
      { workspaceId: ws, name: 'Plain desk', createdAt: now, updatedAt: now },
    ])
    .returning({ id: skillsets.id });
  const sets = made.map((s) => s.id);
  const agents = await seedStaff(
    db,
    ws,
    limits.map((_, i) => `Prop agent ${i}`),
  );
  const m: Model = {
    ws,
    agents,
    limit: new Map(),
    online: new Map(),
    skills: new Map(),
    sets,
    priority: new Map([
      [sets[0]!, 5],
      [sets[1]!, 0],
    ]),
  };
  for (const [i, id] of agents.entries()) {
    m.limit.set(id, limits[i]!);
    m.online.set(id, true);
    await seedAgent(db, ws, id, { maxOpen: limits[i]!, at: now });
    const mine = new Set<string>();
    membership[i]!.forEach((member, s) => member && mine.add(sets[s]!));
    m.skills.set(id, mine);
    for (const s of mine) await db.insert(skillsetMembers).values({ workspaceId: ws, skillsetId: s, userId: id, createdAt: now });
  }
  return m;
}

/** Run one operation as the product would; refusals the rules call for (a full agent, a closed conversation) are fine. */
async function apply(deps: Deps, m: Model, o: Op, assigned: Row[]): Promise<void> {
  const db = deps.db;
  try {
    switch (o.kind) {
      case 'arrive': {
        t.clock.advance(1_000); // arrivals never tie on their waiting time
        await seedWaiting(db, m.ws, [{ since: t.clock.now(), skillsetId: o.queue === 0 ? null : m.sets[o.queue - 1]! }]);
        return;
      }
      case 'availability': {
        const agent = m.agents[o.agent]!;
        m.online.set(agent, o.online);
        await seedAgent(db, m.ws, agent, {
          availability: o.online ? 'online' : 'offline',
          maxOpen: m.limit.get(agent)!,
          at: t.clock.now(),
        });
        return;
      }
      case 'close': {
        const c = assigned[o.pick % Math.max(1, assigned.length)];
        if (!c) return;
        await withTx(db, (tx) =>
          closeConversation(deps, tx, { workspaceId: m.ws, conversationId: c.id, reason: 'Resolved', by: c.assignee_id! }),
        );
        return;
      }
      case 'transfer': {
        const c = assigned[o.pick % Math.max(1, assigned.length)];
        if (!c) return;
        // As the owning agent (not a supervisor): an immediate transfer never overrides the target's limit.
        const principal = { kind: 'user' as const, workspaceId: m.ws, userId: c.assignee_id!, role: 'agent' as const, sessionId: 'prop' };
        await transferConversation(deps, principal, c.id, {
          to: { userId: m.agents[o.to]! },
          mode: o.exclusive ? 'exclusive' : 'immediate',
        });
        return;
      }
    }
  } catch (err) {
    if (err instanceof AppError && ['conflict', 'forbidden', 'invalid_state', 'not_found', 'validation_failed'].includes(err.code)) return;
    throw err;
  }
}

async function expectInvariants(m: Model, settled: Assignment[], waitingBefore: Row[]) {
  const now = await rows(m);
  // Capacity never exceeded.
  const load = await loadByAgent(t.rt.deps.db, m.ws);
  for (const [agent, n] of load) expect(n).toBeLessThanOrEqual(m.limit.get(agent)!);
  // One owner at most: an assigned conversation has its assignee, a waiting one none (a closed one keeps who
  // closed it); a settling pass never gives a conversation twice.
  for (const r of now) {
    if (r.state === 'assigned') expect(r.assignee_id).not.toBeNull();
    if (r.state === 'waiting') expect(r.assignee_id).toBeNull();
  }
  const given = settled.map((a) => a.conversationId);
  expect(new Set(given).size).toBe(given.length);
  for (const a of settled) {
    const was = waitingBefore.find((w) => w.id === a.conversationId)!;
    // Exclusive reservations are never taken by others.
    if (was.reserved_for_user_id) expect(a.agentId).toBe(was.reserved_for_user_id);
    expect(mayTake(m, a.agentId, was)).toBe(true);
    // FIFO within priority: nothing the agent could take, ranked before what they got, is still waiting.
    for (const w of now.filter((r) => r.state === 'waiting')) {
      const older = waitingBefore.find((x) => x.id === w.id);
      if (older && mayTake(m, a.agentId, older)) expect(before(rank(m, a.agentId, older), rank(m, a.agentId, was))).toBe(false);
    }
  }
  // Nothing waits while an eligible online agent has room.
  for (const agent of m.agents) {
    if (!m.online.get(agent) || (load.get(agent) ?? 0) >= m.limit.get(agent)!) continue;
    const stuck = now.filter((r) => r.state === 'waiting' && mayTake(m, agent, r)).map((r) => r.id);
    expect(stuck).toEqual([]);
  }
}

describe('routing invariants under random concurrent sequences', () => {
  it(`hold after every step${onPostgres ? ' (two nodes on PostgreSQL)' : ' (PGlite: one transaction at a time)'}`, async () => {
    const nodes: Deps[] = node2 ? [t.rt.deps, node2.rt.deps] : [t.rt.deps];
    await fc.assert(
      fc.asyncProperty(world, async ({ limits, membership, steps }) => {
        const m = await setUp(limits, membership);
        for (const s of steps) {
          if (s.kind === 'expire') {
            t.clock.advance(RESERVATION_MS + 1_000);
            await expireReservations(t.rt.deps);
          } else {
            const assigned = (await rows(m)).filter((r) => r.state === 'assigned');
            await Promise.all([
              ...s.ops.map((o, i) => apply(nodes[i % nodes.length]!, m, o, assigned)),
              // The jobs the changes enqueue run meanwhile, on every node.
              ...(s.nodesAssign ? nodes.map((deps) => assignConversations(deps, m.ws)) : []),
            ]);
          }
          // The assignment that the last change triggers: one pass, checked for order.
          const waitingBefore = (await rows(m)).filter((r) => r.state === 'waiting');
          const settled = await assignConversations(t.rt.deps, m.ws);
          await expectInvariants(m, settled, waitingBefore);
        }
      }),
      { numRuns: onPostgres ? 25 : 12, seed: 20261122 },
    );
  }, 240_000);
});
