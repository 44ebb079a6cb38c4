// Test-only: staff to route to, waiting conversations straight into storage (with the queue times a test needs),
// and a way to run the jobs a change enqueued, as the worker would right after commit.
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { jobWorkers } from '../jobs';
import { conversations } from '../modules/conversations/tables';
import { users } from '../modules/identity/tables';
import { routingAgents } from '../modules/routing/tables';
import type { Db } from '../platform/db';
import type { JobWorker } from '../platform/queue';
import { seedContacts } from './contacts';
import type { TestApp } from './test-app';

export const STAFF_PASSWORD = 'agent password 123';

export interface Staff {
  userId: string;
  name: string;
  email: string;
  cookie: string;
}

let seq = 0;

/** A staff user created through the API and signed in. */
export async function createStaff(
  t: TestApp,
  admin: string,
  name: string,
  role: 'agent' | 'supervisor' | 'admin' = 'agent',
): Promise<Staff> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${process.pid}.${seq++}@demo.test`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { cookie: admin },
    payload: { email, name, role, password: STAFF_PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`user: ${res.statusCode} ${res.body}`);
  return { userId: res.json().id as string, name, email, cookie: await t.login(email, STAFF_PASSWORD) };
}

/** Staff straight into storage (no password hashing: for tests and benchmarks with many agents that never sign in). */
export async function seedStaff(db: Db, workspaceId: string, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db
    .insert(users)
    .values(
      names.map((name) => ({
        workspaceId,
        name,
        email: `${name.toLowerCase().replace(/\W+/g, '.')}.${process.pid}.${seq++}@seed.test`,
        role: 'agent' as const,
        passwordHash: 'not-a-hash',
      })),
    )
    .returning({ id: users.id });
  return rows.map((r) => r.id);
}

/** Availability and limit straight into storage (a test that is not about how they are set). */
export async function seedAgent(
  db: Db,
  workspaceId: string,
  userId: string,
  a: { availability?: 'online' | 'away' | 'offline'; maxOpen?: number | null; at: Date },
) {
  await db
    .insert(routingAgents)
    .values({ workspaceId, userId, availability: a.availability ?? 'online', maxOpen: a.maxOpen ?? null, updatedAt: a.at })
    .onConflictDoUpdate({
      target: [routingAgents.workspaceId, routingAgents.userId],
      set: { availability: a.availability ?? 'online', maxOpen: a.maxOpen ?? null, updatedAt: a.at },
    });
}

export interface WaitingSeed {
  skillsetId?: string | null;
  /** When it started waiting. */
  since: Date;
  reservedFor?: string;
  reservationExpiresAt?: Date;
  channelId?: string;
}

const SEED_CHUNK = 2000;

/** Conversations waiting in queues, each with its own new contact, on a channel (any id will do for assignment). */
export async function seedWaiting(
  db: Db,
  workspaceId: string,
  seeds: WaitingSeed[],
  channelId = '00000000-0000-4000-8000-000000000001',
): Promise<string[]> {
  if (seeds.length === 0) return [];
  // One INSERT holds at most 65,535 parameters: a benchmark's 10,000 conversations go in chunks.
  if (seeds.length > SEED_CHUNK) {
    const ids: string[] = [];
    for (let i = 0; i < seeds.length; i += SEED_CHUNK)
      ids.push(...(await seedWaiting(db, workspaceId, seeds.slice(i, i + SEED_CHUNK), channelId)));
    return ids;
  }
  const at = seeds[0]!.since;
  const contactIds = await seedContacts(
    db,
    workspaceId,
    at,
    seeds.map((_, i) => ({ firstName: `Customer ${seq}-${i}` })),
  );
  const rows = await db
    .insert(conversations)
    .values(
      seeds.map((s, i) => ({
        workspaceId,
        contactId: contactIds[i]!,
        channelId: s.channelId ?? channelId,
        state: 'waiting' as const,
        openedAt: s.since,
        lastMessageAt: s.since,
        updatedAt: s.since,
        waitingSkillsetId: s.skillsetId ?? null,
        waitingSince: s.since,
        reservedForUserId: s.reservedFor ?? null,
        reservationExpiresAt: s.reservationExpiresAt ?? null,
      })),
    )
    .returning({ id: conversations.id });
  seq++;
  return rows.map((r) => r.id);
}

export async function conversationRow(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
  return row!;
}

/** Who holds what: assigned conversations per agent. */
export async function loadByAgent(db: Db, workspaceId: string): Promise<Map<string, number>> {
  const result = await db.execute(sql`select assignee_id, count(*)::int as n from conversations
    where workspace_id = ${workspaceId} and state = 'assigned' group by assignee_id`);
  return new Map((result as unknown as { rows: Array<{ assignee_id: string; n: number }> }).rows.map((r) => [r.assignee_id, Number(r.n)]));
}

const workersByName = new Map((jobWorkers as JobWorker<unknown>[]).map((w) => [w.job.name, w]));

/**
 * Run the queued jobs of these kinds (routing's by default) as the worker would, until none is left, and
 * return how many ran. Jobs scheduled for later (startAfter) wait for their time, as with the real worker.
 */
export async function runJobs(t: TestApp, names: string[] = ROUTING_JOBS): Promise<number> {
  let ran = 0;
  for (let round = 0; round < 100; round++) {
    let found = 0;
    for (const name of names) {
      const w = workersByName.get(name);
      if (!w) throw new Error(`no worker for ${name}`);
      const jobs = await t.rt.queue.boss.fetch(name, { batchSize: 50 });
      for (const job of jobs) {
        await w.handle(t.rt.deps, w.job.schema.parse(job.data), { id: job.id, retryCount: 0 });
        await t.rt.queue.boss.complete(name, job.id);
        found++;
      }
    }
    ran += found;
    if (found === 0) return ran;
  }
  throw new Error('jobs keep coming: a loop?');
}

export const ROUTING_JOBS = [
  'conversations.queue-changed',
  'routing.assign',
  'routing.assigned-notice',
  'routing.reservation-expiry',
  'routing.presence-check',
];

/** Jobs of a kind waiting in the queue (created or retry), with their start times. */
export async function queuedJobs(db: Db, name: string): Promise<Array<{ data: Record<string, unknown>; startAfter: Date }>> {
  const result = await db.execute(sql`select data, start_after from pgboss.job where name = ${name} and state in ('created', 'retry')`);
  return (result as unknown as { rows: Array<{ data: Record<string, unknown>; start_after: Date | string }> }).rows.map((r) => ({
    data: r.data,
    startAfter: new Date(r.start_after),
  }));
}

export const ok = (res: LightMyRequestResponse, status = 200) => {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
};
