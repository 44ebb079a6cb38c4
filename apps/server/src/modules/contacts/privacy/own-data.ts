// The contacts module's own tables as a ContactDataHolder: the contact row, identities, attribute values, segment
// memberships, goals, notes, pictures, and what bulk actions and imports still hold about it.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { bulkActionTargets, bulkActions } from '../bulk/tables';
import { contactImportRejects } from '../import/tables';
import { contactNotes } from '../notes/tables';
import { contactPictures } from '../profile/tables';
import {
  attributeDefinitions,
  contactAttributeValues,
  contactIdentities,
  contacts,
  goalCompletions,
  segmentMembers,
  segments,
} from '../tables';
import { addAll, containsAny, inUuids, rawNeedles, type ContactDataHolder, type ErasureScope, type ExportSection } from './contact-data';

const PROFILE_FIELDS = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['channelName', 'Name on the channel'],
  ['email', 'Email'],
  ['phone', 'Phone'],
  ['gender', 'Gender'],
  ['language', 'Language'],
  ['timezone', 'Time zone'],
  ['location', 'Location'],
  ['country', 'Country'],
  ['device', 'Device'],
  ['isGroup', 'Group'],
  ['status', 'Status'],
  ['source', 'Source'],
  ['referral', 'Ad referral'],
  ['tags', 'Tags'],
  ['optedOutMarketing', 'Opted out of marketing'],
  ['optedOutAt', 'Opted out at'],
  ['createdAt', 'Created at'],
  ['lastActiveAt', 'Last active'],
  ['lastMessageAt', 'Last message at'],
  ['lastMessagePreview', 'Last message'],
  ['messagesFromCustomer', 'Messages sent'],
  ['templateMessages', 'Template messages received'],
  ['sessionMessages', 'Session messages'],
  ['unresolvedQueries', 'Unresolved queries'],
  ['sessionsCount', 'Sessions'],
  ['clicks', 'Link clicks'],
  ['timeSpentSeconds', 'Time spent (seconds)'],
  ['liveChatTakeover', 'Talked to an agent'],
] as const;

type ContactRow = typeof contacts.$inferSelect;

export const ownContactData: ContactDataHolder = {
  name: 'contacts',

  async collect(tx, scope) {
    // Locked in id order: an inbound message of the same customer (which locks its contact) waits for the erasure.
    const rows = await tx
      .select({ id: contacts.id, phone: contacts.phone, email: contacts.email })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, scope.workspaceId), inUuids(contacts.id, scope.contactIds)))
      .orderBy(asc(contacts.id))
      .for('update');
    scope.contactIds = rows.map((r) => r.id);
    addAll(
      scope.phones,
      rows.map((r) => r.phone),
    );
    addAll(
      scope.emails,
      rows.map((r) => r.email?.toLowerCase()),
    );
    const identities = await tx
      .select({ channelId: contactIdentities.channelId, key: contactIdentities.key })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.workspaceId, scope.workspaceId), inUuids(contactIdentities.contactId, scope.contactIds)));
    scope.identities.push(...identities);
  },

  async erase(tx, scope) {
    const ws = scope.workspaceId;
    const ids = scope.contactIds;
    const count = async (q: Promise<unknown[]>) => (await q).length;
    const counts = {
      identities: await count(
        tx
          .delete(contactIdentities)
          .where(and(eq(contactIdentities.workspaceId, ws), inUuids(contactIdentities.contactId, ids)))
          .returning({ k: contactIdentities.key }),
      ),
      attributeValues: await count(
        tx
          .delete(contactAttributeValues)
          .where(and(eq(contactAttributeValues.workspaceId, ws), inUuids(contactAttributeValues.contactId, ids)))
          .returning({ k: contactAttributeValues.key }),
      ),
      segmentMemberships: await count(
        tx
          .delete(segmentMembers)
          .where(and(eq(segmentMembers.workspaceId, ws), inUuids(segmentMembers.contactId, ids)))
          .returning({ k: segmentMembers.segmentId }),
      ),
      goalCompletions: await count(
        tx
          .delete(goalCompletions)
          .where(and(eq(goalCompletions.workspaceId, ws), inUuids(goalCompletions.contactId, ids)))
          .returning({ k: goalCompletions.name }),
      ),
      notes: await count(
        tx
          .delete(contactNotes)
          .where(and(eq(contactNotes.workspaceId, ws), inUuids(contactNotes.contactId, ids)))
          .returning({ k: contactNotes.id }),
      ),
      pictures: await count(
        tx
          .delete(contactPictures)
          .where(and(eq(contactPictures.workspaceId, ws), inUuids(contactPictures.contactId, ids)))
          .returning({ k: contactPictures.contactId }),
      ),
      importRejects: await count(
        tx
          .delete(contactImportRejects)
          .where(and(eq(contactImportRejects.workspaceId, ws), containsAny(sql`${contactImportRejects.cells}::text`, rawNeedles(scope))))
          .returning({ k: contactImportRejects.rowNo }),
      ),
      contacts: await count(
        tx
          .delete(contacts)
          .where(and(eq(contacts.workspaceId, ws), inUuids(contacts.id, ids)))
          .returning({ k: contacts.id }),
      ),
    };
    await forgetInBulkActions(tx, scope);
    return counts;
  },

  async pruneMessages(tx, { workspaceId, cutoff, limit }) {
    // The list's "last message" column is message content too.
    const cleared = await tx
      .update(contacts)
      .set({ lastMessagePreview: null })
      .where(
        sql`(${contacts.workspaceId}, ${contacts.id}) in (select workspace_id, id from contacts where workspace_id = ${workspaceId}
          and last_message_at < ${cutoff.toISOString()}::timestamptz and last_message_preview is not null limit ${limit})`,
      )
      .returning({ id: contacts.id });
    return { messagePreviews: cleared.length };
  },

  async exportSections(db, x) {
    const [contact] = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, x.workspaceId), eq(contacts.id, x.contactId)));
    if (!contact) return [];
    const ws = x.workspaceId;
    const id = x.contactId;
    const sections: ExportSection[] = [
      {
        kind: 'table',
        name: 'profile',
        columns: [
          { key: 'field', header: 'Field', type: 'text' },
          { key: 'value', header: 'Value', type: 'text' },
        ],
        rows: () => iterate(profileRows(contact)),
      },
      {
        kind: 'table',
        name: 'attributes',
        columns: [
          { key: 'key', header: 'Key', type: 'text' },
          { key: 'label', header: 'Attribute', type: 'text' },
          { key: 'value', header: 'Value', type: 'text' },
          { key: 'updatedAt', header: 'Updated at', type: 'date' },
        ],
        rows: async function* () {
          const rows = await db
            .select({ v: contactAttributeValues, label: attributeDefinitions.label })
            .from(contactAttributeValues)
            .leftJoin(
              attributeDefinitions,
              and(
                eq(attributeDefinitions.workspaceId, contactAttributeValues.workspaceId),
                eq(attributeDefinitions.key, contactAttributeValues.key),
              ),
            )
            .where(and(eq(contactAttributeValues.workspaceId, ws), eq(contactAttributeValues.contactId, id)))
            .orderBy(asc(contactAttributeValues.key));
          for (const { v, label } of rows) {
            const value = v.valueText ?? v.valueNumber ?? v.valueDate ?? v.valueBool;
            yield { key: v.key, label: label ?? v.key, value: value === null ? null : String(value), updatedAt: v.updatedAt };
          }
        },
      },
      {
        kind: 'table',
        name: 'channel-identities',
        columns: [
          { key: 'channelId', header: 'Channel', type: 'text' },
          { key: 'key', header: 'Identity', type: 'text' },
          { key: 'createdAt', header: 'First seen', type: 'date' },
          { key: 'lastInboundAt', header: 'Last wrote', type: 'date' },
        ],
        rows: () =>
          query(
            db
              .select({
                channelId: contactIdentities.channelId,
                key: contactIdentities.key,
                createdAt: contactIdentities.createdAt,
                lastInboundAt: contactIdentities.lastInboundAt,
              })
              .from(contactIdentities)
              .where(and(eq(contactIdentities.workspaceId, ws), eq(contactIdentities.contactId, id))),
          ),
      },
      {
        kind: 'table',
        name: 'segments',
        columns: [
          { key: 'segment', header: 'Segment', type: 'text' },
          { key: 'description', header: 'Description', type: 'text' },
        ],
        // Static segments list their members; dynamic ones are conditions evaluated when used, not stored data.
        rows: () =>
          query(
            db
              .select({ segment: segments.name, description: segments.description })
              .from(segmentMembers)
              .innerJoin(segments, and(eq(segments.workspaceId, segmentMembers.workspaceId), eq(segments.id, segmentMembers.segmentId)))
              .where(and(eq(segmentMembers.workspaceId, ws), eq(segmentMembers.contactId, id))),
          ),
      },
      {
        kind: 'table',
        name: 'goals',
        columns: [
          { key: 'name', header: 'Goal', type: 'text' },
          { key: 'conversationId', header: 'Conversation', type: 'text' },
          { key: 'completedAt', header: 'Completed at', type: 'date' },
        ],
        rows: () =>
          query(
            db
              .select({
                name: goalCompletions.name,
                conversationId: goalCompletions.conversationId,
                completedAt: goalCompletions.completedAt,
              })
              .from(goalCompletions)
              .where(and(eq(goalCompletions.workspaceId, ws), eq(goalCompletions.contactId, id)))
              .orderBy(asc(goalCompletions.completedAt)),
          ),
      },
      {
        kind: 'table',
        name: 'notes',
        columns: [
          { key: 'createdAt', header: 'Written at', type: 'date' },
          { key: 'editedAt', header: 'Edited at', type: 'date' },
          { key: 'text', header: 'Note', type: 'text' },
        ],
        rows: () =>
          query(
            db
              .select({ createdAt: contactNotes.createdAt, editedAt: contactNotes.editedAt, text: contactNotes.text })
              .from(contactNotes)
              .where(and(eq(contactNotes.workspaceId, ws), eq(contactNotes.contactId, id)))
              .orderBy(asc(contactNotes.createdAt)),
          ),
      },
      {
        kind: 'files',
        folder: 'picture',
        files: async function* () {
          const [pic] = await db
            .select({ mimeType: contactPictures.mimeType, bytes: contactPictures.bytes })
            .from(contactPictures)
            .where(and(eq(contactPictures.workspaceId, ws), eq(contactPictures.contactId, id)));
          if (pic) yield { name: `picture.${pic.mimeType.split('/')[1] ?? 'bin'}`, bytes: pic.bytes };
        },
      },
    ];
    return sections;
  },
};

/** Bulk actions keep failures by contact id; an erased contact leaves them (the counts stay). */
async function forgetInBulkActions(tx: Db, scope: ErasureScope): Promise<void> {
  const ids = scope.contactIds;
  await tx
    .delete(bulkActionTargets)
    .where(and(eq(bulkActionTargets.workspaceId, scope.workspaceId), inUuids(bulkActionTargets.contactId, ids)));
  await tx
    .update(bulkActions)
    .set({
      failures: sql`(select coalesce(jsonb_agg(f), '[]'::jsonb) from jsonb_array_elements(${bulkActions.failures}) f
        where not (${inUuids(sql`(f->>'contactId')::uuid`, ids)}))`,
    })
    .where(
      and(
        eq(bulkActions.workspaceId, scope.workspaceId),
        sql`exists (select 1 from jsonb_array_elements(${bulkActions.failures}) f where ${inUuids(sql`(f->>'contactId')::uuid`, ids)})`,
      ),
    );
}

function profileRows(c: ContactRow): Array<{ field: string; value: string | null }> {
  return PROFILE_FIELDS.map(([key, label]) => {
    const v = c[key];
    const value =
      v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return { field: label, value };
  });
}

async function* iterate<T>(rows: T[]): AsyncIterable<T> {
  yield* rows;
}

async function* query<T extends Record<string, unknown>>(rows: Promise<T[]>): AsyncIterable<T> {
  yield* await rows;
}
