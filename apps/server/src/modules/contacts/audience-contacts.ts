// Contacts as a campaign audience sees them, in bulk: found by phone (the channel's `wa:<digits>` identity first,
// then the stored phone), loaded by id, their attribute values as text, and created for numbers never seen before.
// Every function takes a whole batch, so validating 100,000 rows is a few hundred queries, not 100,000.
import { randomUUID } from 'node:crypto';

import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../platform/db';
import { phoneMatchKeys } from './lib';
import { contactAttributeValues, contactIdentities, contacts } from './tables';

/** What a campaign needs of a contact: variables (fields), and the reasons not to message it. */
export interface AudienceContact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  channelName: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  language: string | null;
  gender: string | null;
  location: string | null;
  status: 'active' | 'archived';
  optedOutMarketing: boolean;
}

const audienceColumns = {
  id: contacts.id,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  channelName: contacts.channelName,
  email: contacts.email,
  phone: contacts.phone,
  country: contacts.country,
  language: contacts.language,
  gender: contacts.gender,
  location: contacts.location,
  status: contacts.status,
  optedOutMarketing: contacts.optedOutMarketing,
};

export async function audienceContactsByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<Map<string, AudienceContact>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select(audienceColumns)
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), sql`${contacts.id} = any(${arrayParam(unique)}::uuid[])`));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The contact of each E.164 number, keyed by that number. The channel's identity (`wa:<digits>`, and for Brazilian
 * mobiles the form with or without the 9) wins: it is who answers on that number. Otherwise a contact whose stored
 * phone is that number (imported, typed by staff); the oldest when several share it. Two queries per batch, each
 * list passed as one array parameter (a long IN list costs PostgreSQL more to plan than to run).
 */
export async function audienceContactsByPhones(
  db: Db,
  workspaceId: string,
  channelId: string,
  e164s: readonly string[],
): Promise<Map<string, AudienceContact>> {
  const unique = [...new Set(e164s)];
  const result = new Map<string, AudienceContact>();
  if (unique.length === 0) return result;
  const byKey = new Map<string, string>();
  for (const e164 of unique) for (const digits of phoneMatchKeys(e164)) byKey.set(`wa:${digits}`, e164);
  const identified = await db
    .select({ ...audienceColumns, key: contactIdentities.key })
    .from(contactIdentities)
    .innerJoin(contacts, and(eq(contacts.workspaceId, contactIdentities.workspaceId), eq(contacts.id, contactIdentities.contactId)))
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        eq(contactIdentities.channelId, channelId),
        sql`${contactIdentities.key} = any(${arrayParam([...byKey.keys()])}::text[])`,
      ),
    );
  for (const { key, ...contact } of identified) {
    const e164 = byKey.get(key)!;
    // The number's own key beats its other Brazilian form.
    if (!result.has(e164) || key === `wa:${e164.slice(1)}`) result.set(e164, contact);
  }
  const rest = unique.filter((e) => !result.has(e));
  if (rest.length > 0) {
    const byPhone = await db
      .select(audienceColumns)
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), sql`${contacts.phone} = any(${arrayParam(rest)}::text[])`))
      .orderBy(contacts.createdAt, contacts.id);
    for (const c of byPhone) if (c.phone && !result.has(c.phone)) result.set(c.phone, c);
  }
  return result;
}

/** A PostgreSQL array literal as one parameter: every element quoted, so any text is safe in it. */
const arrayParam = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;

/** Attribute values as text (numbers as written, dates YYYY-MM-DD, booleans "yes"/"no"), by contact then key. */
export async function attributeTextsOf(
  db: Db,
  workspaceId: string,
  contactIds: readonly string[],
  keys: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const ids = [...new Set(contactIds)];
  const out = new Map<string, Record<string, string>>();
  if (ids.length === 0 || keys.length === 0) return out;
  const rows = await db
    .select()
    .from(contactAttributeValues)
    .where(
      and(
        eq(contactAttributeValues.workspaceId, workspaceId),
        sql`${contactAttributeValues.contactId} = any(${arrayParam(ids)}::uuid[])`,
        sql`${contactAttributeValues.key} = any(${arrayParam([...new Set(keys)])}::text[])`,
      ),
    );
  for (const r of rows) {
    const text =
      r.valueText ??
      (r.valueNumber !== null ? String(r.valueNumber) : (r.valueDate ?? (r.valueBool === null ? null : r.valueBool ? 'yes' : 'no')));
    if (text === null) continue;
    const values = out.get(r.contactId) ?? {};
    values[r.key] = text;
    out.set(r.contactId, values);
  }
  return out;
}

export interface PhoneContactEntry {
  e164: string;
  /** The contact we already know for this number; null: create one (unless the number's identity appeared meanwhile). */
  contactId: string | null;
  /** A new contact's first name (e.g. the file's name column). */
  name?: string | null;
}

/**
 * Make every number reachable as a contact on the channel, inside the caller's transaction: a known contact gets the
 * channel's `wa:<digits>` identity if it lacks it (so the customer's reply lands on the same contact), a new number
 * becomes a contact with that identity and `source`. Race-safe like inbound contacts: the identity is claimed first,
 * and a number someone else claimed meanwhile resolves to their contact. Returns the contact id of each number.
 */
export async function ensurePhoneContacts(
  tx: Db,
  input: { workspaceId: string; channelId: string; source: string; at: Date; entries: readonly PhoneContactEntry[] },
): Promise<{ ids: Map<string, string>; created: number }> {
  const { workspaceId, channelId, at } = input;
  const ids = new Map<string, string>();
  let created = 0;
  const BATCH = 2000;
  for (let i = 0; i < input.entries.length; i += BATCH) {
    const batch = input.entries.slice(i, i + BATCH);
    const candidates = batch.map((e) => ({ ...e, candidate: e.contactId ?? randomUUID() }));
    const identities = JSON.stringify(candidates.map((e) => ({ key: `wa:${e.e164.slice(1)}`, contact_id: e.candidate })));
    const claimed = rowsOf<{ key: string }>(
      await tx.execute(sql`
        insert into ${contactIdentities} (workspace_id, channel_id, key, contact_id, created_at)
        select ${workspaceId}::uuid, ${channelId}::uuid, r.key, r.contact_id, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${identities}::jsonb) as r(key text, contact_id uuid)
        on conflict do nothing
        returning key`),
    );
    const claimedKeys = new Set(claimed.map((c) => c.key));
    const fresh = candidates.filter((e) => e.contactId === null && claimedKeys.has(`wa:${e.e164.slice(1)}`));
    if (fresh.length > 0) {
      const rows = JSON.stringify(fresh.map((e) => ({ id: e.candidate, first_name: e.name?.trim() || null, phone: e.e164 })));
      await tx.execute(sql`
        insert into ${contacts} (workspace_id, id, first_name, phone, source, created_at, updated_at)
        select ${workspaceId}::uuid, r.id, r.first_name, r.phone, ${input.source}, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${rows}::jsonb) as r(id uuid, first_name text, phone text)`);
      created += fresh.length;
    }
    const lost = candidates.filter((e) => e.contactId === null && !claimedKeys.has(`wa:${e.e164.slice(1)}`));
    const winners = lost.length
      ? await tx
          .select({ key: contactIdentities.key, contactId: contactIdentities.contactId })
          .from(contactIdentities)
          .where(
            and(
              eq(contactIdentities.workspaceId, workspaceId),
              eq(contactIdentities.channelId, channelId),
              inArray(
                contactIdentities.key,
                lost.map((e) => `wa:${e.e164.slice(1)}`),
              ),
            ),
          )
      : [];
    const winnerOf = new Map(winners.map((w) => [w.key, w.contactId]));
    for (const e of candidates) ids.set(e.e164, e.contactId ?? winnerOf.get(`wa:${e.e164.slice(1)}`) ?? e.candidate);
  }
  return { ids, created };
}

/** Rows of `contacts` for an INSERT … SELECT: the display name a campaign audience shows for a contact. */
export const contactDisplayName = sql<
  string | null
>`coalesce(nullif(trim(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '')), ''), ${contacts.channelName})`;
