// Two Parley nodes on one PostgreSQL database assign the same queues at the same time, with agents closing
// conversations meanwhile. PGlite is a single connection that runs one transaction at a time, so there is no race
// to lose there: this file runs on PostgreSQL only.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../testing/engines';
import { loadByAgent, seedAgent, seedStaff, seedWaiting, type WaitingSeed } from '../../testing/routing';
import { startSecondNode, startTestApp, type TestApp } from '../../testing/test-app';
import { closeConversation } from '../conversations';
import { skillsetMembers, skillsets } from './tables';
import { assignConversations, type Assignment } from './assign-conversations';
import type { Deps } from '../../platform/deps';
import { withTx } from '../../platform/db';

const onPostgres = testEngine() === 'postgres';

let t: TestApp;
let node2: Awaited<ReturnType<typeof startSecondNode>> | undefined;
let ws: string;

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login();
  ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
  if (onPostgres) node2 = await startSecondNode(t);
});
afterAll(async () => {
  await node2?.close();
  await t?.close();
});

/** A small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

describe('assignment under concurrency', () => {
  // Skipped on PGlite: it runs one transaction at a time, so there is no race to lose.
  it.runIf(onPostgres)(
    'two nodes assigning 200 conversations at once: one owner each, nobody above a limit, nothing assignable left (PostgreSQL only)',
    async () => {
      const rand = prng(20261122);
      const db = t.rt.deps.db;
      const now = t.clock.now();
      const [s1, s2] = await db
        .insert(skillsets)
        .values([
          { workspaceId: ws, name: 'Race One', priority: 5, createdAt: now, updatedAt: now },
          { workspaceId: ws, name: 'Race Two', createdAt: now, updatedAt: now },
        ])
        .returning({ id: skillsets.id });
      const agents = await seedStaff(
        db,
        ws,
        Array.from({ length: 24 }, (_, i) => `Racer ${i}`),
      );
      const limit = new Map<string, number>();
      const skillsOf = new Map<string, Set<string>>();
      for (const [i, id] of agents.entries()) {
        limit.set(id, 3 + Math.floor(rand() * 8));
        await seedAgent(db, ws, id, { maxOpen: limit.get(id)!, at: now });
        const mine = new Set<string>();
        if (i < 12) mine.add(s1!.id);
        if (i >= 8 && i < 20) mine.add(s2!.id);
        skillsOf.set(id, mine);
        for (const s of mine) await db.insert(skillsetMembers).values({ workspaceId: ws, skillsetId: s, userId: id, createdAt: now });
      }
      const seeds: WaitingSeed[] = Array.from({ length: 200 }, (_, i) => {
        const since = new Date(now.getTime() - Math.floor(rand() * 3_600_000));
        if (i < 10)
          return {
            since,
            reservedFor: agents[Math.floor(rand() * agents.length)]!,
            reservationExpiresAt: new Date(now.getTime() + 600_000),
          };
        if (i < 90) return { since, skillsetId: s1!.id };
        if (i < 170) return { since, skillsetId: s2!.id };
        return { since };
      });
      const ids = await seedWaiting(db, ws, seeds);
      const seedOf = new Map(ids.map((id, i) => [id, seeds[i]!]));
      const nodes: Deps[] = [t.rt.deps, node2!.rt.deps];

      // Phase 1: three passes on each node at once.
      const made: Assignment[] = [];
      await Promise.all(nodes.flatMap((deps) => [0, 1, 2].map(async () => made.push(...(await assignConversations(deps, ws))))));
      await expectInvariants(made);
      expect(made.length).toBeGreaterThan(100);

      // Phase 2: agents close 40 conversations on both nodes while both nodes keep assigning.
      const assigned = (await stateOf()).filter((c) => c.state === 'assigned').slice(0, 40);
      await Promise.all([
        ...assigned.map((c, i) =>
          withTx(nodes[i % 2]!.db, (tx) =>
            closeConversation(nodes[i % 2]!, tx, { workspaceId: ws, conversationId: c.id, reason: 'Resolved', by: c.assignee_id! }),
          ),
        ),
        ...nodes.flatMap((deps) => [0, 1, 2].map(async () => made.push(...(await assignConversations(deps, ws))))),
      ]);
      // Passes that ran before some closes committed leave room behind; the close's own job would fill it: run it.
      made.push(...(await assignConversations(t.rt.deps, ws)));
      await expectInvariants(made);

      async function stateOf() {
        const result = await db.execute(sql`select id, state, assignee_id, waiting_skillset_id, reserved_for_user_id
        from conversations where workspace_id = ${ws}`);
        return (result as unknown as { rows: Array<{ id: string; state: string; assignee_id: string | null }> }).rows;
      }

      function mayTake(agent: string, conversationId: string) {
        const s = seedOf.get(conversationId)!;
        if (s.reservedFor) return s.reservedFor === agent;
        return !s.skillsetId || skillsOf.get(agent)!.has(s.skillsetId);
      }

      async function expectInvariants(all: Assignment[]) {
        // One owner: no conversation was ever given twice.
        const given = all.map((a) => a.conversationId);
        expect(new Set(given).size).toBe(given.length);
        const rows = await stateOf();
        for (const a of all) {
          const row = rows.find((r) => r.id === a.conversationId)!;
          if (row.state === 'assigned') expect(row.assignee_id).toBe(a.agentId);
          expect(mayTake(a.agentId, a.conversationId)).toBe(true);
        }
        // Nobody above their limit.
        const load = await loadByAgent(db, ws);
        for (const [agent, n] of load) expect(n).toBeLessThanOrEqual(limit.get(agent)!);
        // Nothing assignable left: every agent with room has no waiting conversation they may take.
        const waiting = rows.filter((r) => r.state === 'waiting').map((r) => r.id);
        for (const agent of agents) {
          if ((load.get(agent) ?? 0) < limit.get(agent)!) expect(waiting.filter((c) => mayTake(agent, c))).toEqual([]);
        }
      }
    },
  );
});
