import type { AttributeDefinition, AttributeValue } from '@parley/contracts';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { invalidField, notFound } from '../../platform/errors';
import { attributeDefinitions, contactAttributeValues, contacts } from './tables';

export type AttributeDefinitionRow = typeof attributeDefinitions.$inferSelect;
type StoredValue = Pick<typeof contactAttributeValues.$inferInsert, 'valueText' | 'valueNumber' | 'valueDate' | 'valueBool'>;

const MAX_TEXT = 1000;
// A text value and its lower-case copy sit in B-tree indexes, whose entries PostgreSQL caps at 2,704 bytes: 1,600
// bytes of UTF-8 leave room for a lower case that is longer than the text (a few letters are). That is 1,000
// characters of Latin text and about 530 of Chinese or Japanese.
const MAX_TEXT_BYTES = 1600;
const MAX_URL = 2048;

export const toAttributeDefinition = (d: AttributeDefinitionRow): AttributeDefinition => ({
  key: d.key,
  label: d.label,
  type: d.type,
  options: d.options ?? null,
  agentEditable: d.agentEditable,
  topProperty: d.topProperty,
  createdAt: d.createdAt.toISOString(),
});

/** The workspace's attribute definitions: top properties first, then by label. */
export async function listAttributeDefinitions(db: Db, workspaceId: string): Promise<AttributeDefinition[]> {
  const rows = await db
    .select()
    .from(attributeDefinitions)
    .where(eq(attributeDefinitions.workspaceId, workspaceId))
    .orderBy(desc(attributeDefinitions.topProperty), asc(attributeDefinitions.label), asc(attributeDefinitions.key));
  return rows.map(toAttributeDefinition);
}

export async function findAttributeDefinition(db: Db, workspaceId: string, key: string): Promise<AttributeDefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.workspaceId, workspaceId), eq(attributeDefinitions.key, key)));
  return row;
}

/**
 * Set (or with null, clear) one custom attribute of a contact, validated against its definition: an unknown key or
 * a value of the wrong type is a validation error naming `attributes.<key>`. Call it inside the caller's transaction.
 */
export async function setContactAttribute(
  tx: Db,
  input: { workspaceId: string; contactId: string; key: string; value: unknown; at: Date },
): Promise<void> {
  const { workspaceId, contactId, key, at } = input;
  const field = `attributes.${key}`;
  const def = await findAttributeDefinition(tx, workspaceId, key);
  if (!def) throw invalidField(field, `"${key}" is not a defined attribute`);
  const stored = input.value === null ? null : toStored(def, input.value, field);

  const [contact] = await tx
    .update(contacts)
    .set({ updatedAt: at })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning({ id: contacts.id });
  if (!contact) throw notFound('Contact');

  const where = and(
    eq(contactAttributeValues.workspaceId, workspaceId),
    eq(contactAttributeValues.contactId, contactId),
    eq(contactAttributeValues.key, key),
  );
  if (stored === null) {
    await tx.delete(contactAttributeValues).where(where);
    return;
  }
  await tx
    .insert(contactAttributeValues)
    .values({ workspaceId, contactId, key, ...stored, updatedAt: at })
    .onConflictDoUpdate({
      target: [contactAttributeValues.workspaceId, contactAttributeValues.contactId, contactAttributeValues.key],
      set: { ...stored, updatedAt: at },
    });
}

/** Whether setContactAttribute would accept this value, without writing (throws the same validation error). */
export async function checkContactAttribute(db: Db, workspaceId: string, key: string, value: unknown): Promise<void> {
  const field = `attributes.${key}`;
  const def = await findAttributeDefinition(db, workspaceId, key);
  if (!def) throw invalidField(field, `"${key}" is not a defined attribute`);
  if (value !== null) toStored(def, value, field);
}

/** A contact's attribute values by key (defined attributes only; unset ones are absent). */
export async function getContactAttributes(db: Db, workspaceId: string, contactId: string): Promise<Record<string, AttributeValue>> {
  const rows = await db
    .select({ def: attributeDefinitions, value: contactAttributeValues })
    .from(contactAttributeValues)
    .innerJoin(
      attributeDefinitions,
      and(
        eq(attributeDefinitions.workspaceId, contactAttributeValues.workspaceId),
        eq(attributeDefinitions.key, contactAttributeValues.key),
      ),
    )
    .where(and(eq(contactAttributeValues.workspaceId, workspaceId), eq(contactAttributeValues.contactId, contactId)));
  const out: Record<string, AttributeValue> = {};
  for (const { def, value } of rows) {
    const v = fromStored(def, value);
    if (v !== null) out[def.key] = v;
  }
  return out;
}

/** Check a value against the definition and put it in the column of its type. */
export function toStored(def: Pick<AttributeDefinitionRow, 'type' | 'options' | 'label'>, value: unknown, field: string): StoredValue {
  const none = { valueText: null, valueNumber: null, valueDate: null, valueBool: null };
  const bad = (message: string) => invalidField(field, message);
  switch (def.type) {
    case 'text': {
      if (typeof value !== 'string') throw bad('must be text');
      const t = value.replaceAll('\u0000', '').trim();
      if (t === '') throw bad('must not be empty (send null to clear it)');
      if ([...t].length > MAX_TEXT) throw bad(`must be at most ${MAX_TEXT} characters`);
      if (Buffer.byteLength(t) > MAX_TEXT_BYTES)
        throw bad(`must be at most ${MAX_TEXT_BYTES} bytes of UTF-8 (about 530 characters of Chinese or Japanese)`);
      return { ...none, valueText: t };
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('must be a number');
      return { ...none, valueNumber: value };
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('must be true or false');
      return { ...none, valueBool: value };
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) throw bad('must be a date as YYYY-MM-DD');
      return { ...none, valueDate: value };
    case 'list':
      if (typeof value !== 'string' || !(def.options ?? []).includes(value)) {
        throw bad(`must be one of: ${(def.options ?? []).join(', ')}`);
      }
      return { ...none, valueText: value };
    case 'url': {
      const url = typeof value === 'string' ? parseWebUrl(value) : null;
      if (!url) throw bad('must be an http or https URL');
      return { ...none, valueText: url };
    }
  }
}

function fromStored(def: AttributeDefinitionRow, v: typeof contactAttributeValues.$inferSelect): AttributeValue | null {
  switch (def.type) {
    case 'number':
      return v.valueNumber;
    case 'boolean':
      return v.valueBool;
    case 'date':
      return v.valueDate;
    default:
      return v.valueText;
  }
}

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parseWebUrl(s: string): string | null {
  const t = s.trim();
  if (t === '' || t.length > MAX_URL || /\s/.test(t)) return null;
  try {
    const url = new URL(t);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
