// Merge two contacts that are the same person (PRODUCT §2): everything of the other moves to this one — channel
// identities, conversations and messages, sessions, notes, goals, segment memberships, attribute values (a chosen
// winner where both have one), tags, statistics — and the other is deleted, in one audited transaction.
// Refused when both have an open conversation on one channel (a customer has one open conversation per channel:
// an agent closes one first), when either has a pending erasure request, or across workspaces (404).
import type { ContactView, MergeContactsRequest, MergeSide } from '@parley/contracts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { AppError, invalidField, notFound } from '../../../platform/errors';
import { recordAudit, type Principal } from '../../identity';
import { bulkActionTargets } from '../bulk/tables';
import { contactNotes } from '../notes/tables';
import type { ContactDataHolder, MergeMove } from '../privacy/contact-data';
import { privacyRequests } from '../privacy/tables';
import { contactPictures } from '../profile/tables';
import { attributeDefinitions, contactAttributeValues, contactIdentities, contacts, goalCompletions, segmentMembers } from '../tables';
import { getContactView } from '../view';
import { fieldWinners, mergedContact } from './merge-fields';

export async function mergeContacts(
  deps: Deps,
  holders: readonly ContactDataHolder[],
  p: Principal,
  input: { contactId: string } & MergeContactsRequest,
  ip: string | undefined,
): Promise<ContactView> {
  const ws = p.workspaceId;
  const { contactId, otherId } = input;
  if (contactId === otherId) throw invalidField('otherId', 'must be another contact than the one merged into');
  await withTx(deps.db, async (tx) => {
    // Both locked, in id order (two merges of the same pair cannot deadlock; an inbound message waits).
    const rows = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ws), inArray(contacts.id, [contactId, otherId])))
      .orderBy(asc(contacts.id))
      .for('update');
    const self = rows.find((r) => r.id === contactId);
    const other = rows.find((r) => r.id === otherId);
    if (!self) throw notFound('Contact');
    if (!other)
      throw new AppError('not_found', 'The contact to merge (otherId) was not found', {
        issues: [{ field: 'otherId', message: 'not found' }],
      });
    await refusePendingErasure(tx, ws, [contactId, otherId]);
    const attributeWinners = await checkAttributeWinners(tx, ws, input.winners?.attributes ?? {});

    const now = deps.clock.now();
    const move: MergeMove = { workspaceId: ws, fromId: otherId, toId: contactId, now };
    // Other modules first: conversations refuses (409) before anything has changed.
    for (const h of holders) await h.moveContact?.(tx, move);
    await moveOwnRows(tx, move, attributeWinners);

    const winners = fieldWinners(self, other, input.winners);
    await tx.delete(contacts).where(and(eq(contacts.workspaceId, ws), eq(contacts.id, otherId)));
    await tx
      .update(contacts)
      .set(mergedContact(self, other, winners, now))
      .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, contactId)));
    // Which sides won, never the values (they are personal data).
    await recordAudit(tx, deps.clock, p, ws, {
      action: 'contact.merged',
      targetType: 'contact',
      targetId: contactId,
      details: {
        mergedContactId: otherId,
        fieldsFromOther: Object.entries(winners)
          .filter(([, side]) => side === 'other')
          .map(([f]) => f),
        attributesFromOther: Object.entries(attributeWinners)
          .filter(([, side]) => side === 'other')
          .map(([k]) => k),
      },
      ip,
    });
  });
  return getContactView(deps.db, ws, contactId);
}

async function refusePendingErasure(tx: Db, ws: string, ids: string[]): Promise<void> {
  const [pending] = await tx
    .select({ id: privacyRequests.id })
    .from(privacyRequests)
    .where(
      and(
        eq(privacyRequests.workspaceId, ws),
        inArray(privacyRequests.contactId, ids),
        eq(privacyRequests.kind, 'erase'),
        eq(privacyRequests.status, 'pending'),
      ),
    )
    .limit(1);
  if (pending)
    throw new AppError('conflict', 'One of the contacts has a pending erasure request: execute or cancel it first', {
      requestId: pending.id,
    });
}

async function checkAttributeWinners(tx: Db, ws: string, asked: Record<string, MergeSide>): Promise<Record<string, MergeSide>> {
  const keys = Object.keys(asked);
  if (keys.length === 0) return {};
  const defined = await tx
    .select({ key: attributeDefinitions.key })
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.workspaceId, ws), inArray(attributeDefinitions.key, keys)));
  const known = new Set(defined.map((d) => d.key));
  const unknown = keys.find((k) => !known.has(k));
  if (unknown) throw invalidField(`winners.attributes.${unknown}`, `"${unknown}" is not an attribute of this workspace`);
  return asked;
}

/** The contacts module's own rows of the merged-away contact, onto the survivor. */
async function moveOwnRows(tx: Db, m: MergeMove, attributeWinners: Record<string, MergeSide>): Promise<void> {
  const ws = m.workspaceId;
  await tx
    .update(contactIdentities)
    .set({ contactId: m.toId })
    .where(and(eq(contactIdentities.workspaceId, ws), eq(contactIdentities.contactId, m.fromId)));

  // Attribute values: where both have one, the winner's stays (this contact's unless asked otherwise).
  const v = contactAttributeValues;
  const fromOther = Object.entries(attributeWinners)
    .filter(([, side]) => side === 'other')
    .map(([k]) => k);
  if (fromOther.length) {
    await tx
      .delete(v)
      .where(
        and(
          eq(v.workspaceId, ws),
          eq(v.contactId, m.toId),
          inArray(v.key, fromOther),
          sql`exists (select 1 from ${v} o where o.workspace_id = ${ws} and o.contact_id = ${m.fromId} and o.key = ${v.key})`,
        ),
      );
  }
  await tx.execute(sql`
    delete from ${v} where workspace_id = ${ws} and contact_id = ${m.fromId}
      and key in (select key from ${v} where workspace_id = ${ws} and contact_id = ${m.toId})`);
  await tx
    .update(v)
    .set({ contactId: m.toId })
    .where(and(eq(v.workspaceId, ws), eq(v.contactId, m.fromId)));

  await tx.execute(sql`
    insert into ${segmentMembers} (workspace_id, segment_id, contact_id)
    select workspace_id, segment_id, ${m.toId}::uuid from ${segmentMembers} where workspace_id = ${ws} and contact_id = ${m.fromId}
    on conflict do nothing`);
  await tx.delete(segmentMembers).where(and(eq(segmentMembers.workspaceId, ws), eq(segmentMembers.contactId, m.fromId)));
  await tx
    .update(goalCompletions)
    .set({ contactId: m.toId })
    .where(and(eq(goalCompletions.workspaceId, ws), eq(goalCompletions.contactId, m.fromId)));
  await tx
    .update(contactNotes)
    .set({ contactId: m.toId })
    .where(and(eq(contactNotes.workspaceId, ws), eq(contactNotes.contactId, m.fromId)));
  // The survivor's picture stays; the other's moves only if the survivor has none.
  await tx.execute(sql`
    update ${contactPictures} set contact_id = ${m.toId} where workspace_id = ${ws} and contact_id = ${m.fromId}
      and not exists (select 1 from ${contactPictures} s where s.workspace_id = ${ws} and s.contact_id = ${m.toId})`);
  await tx.delete(contactPictures).where(and(eq(contactPictures.workspaceId, ws), eq(contactPictures.contactId, m.fromId)));
  await tx.delete(bulkActionTargets).where(and(eq(bulkActionTargets.workspaceId, ws), eq(bulkActionTargets.contactId, m.fromId)));
  // Requests about the merged-away contact: pending ones are closed (ask again about the survivor), exports end.
  const about = and(eq(privacyRequests.workspaceId, ws), eq(privacyRequests.contactId, m.fromId));
  await tx
    .update(privacyRequests)
    .set({ status: 'cancelled', closedReason: 'contact merged' })
    .where(and(about, eq(privacyRequests.status, 'pending')));
  await tx
    .update(privacyRequests)
    .set({ downloadUntil: m.now })
    .where(and(about, sql`${privacyRequests.downloadUntil} > ${m.now.toISOString()}::timestamptz`));
}
