// One batch of a bulk action, inside the caller's transaction. The contacts are locked in id order first, so two
// bulk actions over the same contacts queue behind each other instead of deadlocking, and every change is a single
// conditional UPDATE on the locked rows (never read-then-write): an edit made meanwhile elsewhere is kept.
import type { BulkOperation } from '@parley/contracts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { eraseContacts } from '../privacy/erase-contacts';
import { contactAttributeValues, contacts, segmentMembers, segments } from '../tables';
import type { BulkHooks } from './hooks';
import { storedValue } from './prepare';

export interface BatchOutcome {
  done: number;
  failures: Array<{ contactId: string; reason: string }>;
}

const GONE = 'the contact no longer exists';

/** The whole action cannot go on (its segment or attribute was deleted meanwhile): the job stops with this. */
export class BulkStopped extends Error {}

export async function applyBatch(
  tx: Db,
  a: { workspaceId: string; operation: BulkOperation; segmentId: string | null; at: Date },
  ids: readonly string[],
  hooks: BulkHooks,
): Promise<BatchOutcome> {
  if (ids.length === 0) return { done: 0, failures: [] };
  const ws = a.workspaceId;
  const locked = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ws), inArray(contacts.id, [...ids])))
    .orderBy(contacts.id)
    .for('update');
  const present = locked.map((r) => r.id);
  const found = new Set(present);
  const failures = ids.filter((id) => !found.has(id)).map((contactId) => ({ contactId, reason: GONE }));
  if (present.length > 0) await applyToLocked(tx, a, present, hooks);
  return { done: present.length, failures };
}

async function applyToLocked(
  tx: Db,
  a: { workspaceId: string; operation: BulkOperation; segmentId: string | null; at: Date },
  ids: string[],
  hooks: BulkHooks,
): Promise<void> {
  const ws = a.workspaceId;
  const op = a.operation;
  const these = and(eq(contacts.workspaceId, ws), inArray(contacts.id, ids));
  switch (op.type) {
    case 'activate':
    case 'archive':
      await tx
        .update(contacts)
        .set({ status: op.type === 'activate' ? 'active' : 'archived', updatedAt: a.at })
        .where(these);
      return;
    case 'add_tag':
      await tx
        .update(contacts)
        .set({
          tags: sql`case when ${contacts.tags} @> array[${op.tag}::text] then ${contacts.tags} else array_append(${contacts.tags}, ${op.tag}::text) end`,
          updatedAt: a.at,
        })
        .where(these);
      return;
    case 'remove_tag':
      await tx
        .update(contacts)
        .set({ tags: sql`array_remove(${contacts.tags}, ${op.tag}::text)`, updatedAt: a.at })
        .where(these);
      return;
    case 'set_attribute':
      return setAttribute(tx, ws, op, ids, a.at);
    case 'create_segment':
      return addToSegment(tx, ws, a.segmentId, ids);
    case 'delete':
      return deleteContacts(tx, ws, ids, a.at, hooks);
  }
}

async function setAttribute(
  tx: Db,
  ws: string,
  op: Extract<BulkOperation, { type: 'set_attribute' }>,
  ids: string[],
  at: Date,
): Promise<void> {
  // The definition may have been deleted (or re-created with another type) since the action started.
  let stored: Awaited<ReturnType<typeof storedValue>>['value'];
  try {
    stored = (await storedValue(tx, ws, op.key, op.value)).value;
  } catch (err) {
    if (err instanceof AppError) throw new BulkStopped(`The attribute "${op.key}" changed meanwhile: ${err.message}`);
    throw err;
  }
  await tx
    .update(contacts)
    .set({ updatedAt: at })
    .where(and(eq(contacts.workspaceId, ws), inArray(contacts.id, ids)));
  const values = and(
    eq(contactAttributeValues.workspaceId, ws),
    eq(contactAttributeValues.key, op.key),
    inArray(contactAttributeValues.contactId, ids),
  );
  if (stored === null) {
    await tx.delete(contactAttributeValues).where(values);
    return;
  }
  await tx
    .insert(contactAttributeValues)
    .values(ids.map((contactId) => ({ workspaceId: ws, contactId, key: op.key, ...stored, updatedAt: at })))
    .onConflictDoUpdate({
      target: [contactAttributeValues.workspaceId, contactAttributeValues.contactId, contactAttributeValues.key],
      set: { ...stored, updatedAt: at },
    });
}

async function addToSegment(tx: Db, ws: string, segmentId: string | null, ids: string[]): Promise<void> {
  const [segment] = segmentId
    ? await tx
        .select({ id: segments.id })
        .from(segments)
        .where(and(eq(segments.workspaceId, ws), eq(segments.id, segmentId)))
    : [];
  if (!segment) throw new BulkStopped('The segment was deleted meanwhile');
  await tx
    .insert(segmentMembers)
    .values(ids.map((contactId) => ({ workspaceId: ws, segmentId: segment.id, contactId })))
    .onConflictDoNothing();
}

/**
 * Delete = erase: the contact and everything every module keeps about it (messages, media, deliveries, notes…), the
 * same path as a GDPR erasure, so nothing of a deleted customer is left that no contact could ever reach again.
 */
async function deleteContacts(tx: Db, ws: string, ids: string[], at: Date, hooks: BulkHooks): Promise<void> {
  await eraseContacts(tx, hooks.contactDataHolders, { workspaceId: ws, contactIds: ids, now: at });
}
