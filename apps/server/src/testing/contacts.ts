// Test-only: contacts straight into storage (statistics and dates as a test needs them), and attribute values.
import { contactAttributeValues, contacts } from '../modules/contacts/tables';
import type { Db } from '../platform/db';

export type ContactSeed = Partial<typeof contacts.$inferInsert>;

export async function seedContacts(db: Db, workspaceId: string, at: Date, seeds: ContactSeed[]): Promise<string[]> {
  if (seeds.length === 0) return [];
  const rows = await db
    .insert(contacts)
    .values(seeds.map((s) => ({ source: 'organic', createdAt: at, updatedAt: at, ...s, workspaceId })))
    .returning({ id: contacts.id });
  return rows.map((r) => r.id);
}

export async function seedContact(db: Db, workspaceId: string, at: Date, seed: ContactSeed): Promise<string> {
  return (await seedContacts(db, workspaceId, at, [seed]))[0]!;
}

/** Values by attribute key, stored in the column of the value's JS type (text, number, boolean; dates as 'YYYY-MM-DD' with date: true). */
export async function seedAttributeValues(
  db: Db,
  workspaceId: string,
  contactId: string,
  values: Record<string, string | number | boolean | { date: string }>,
  at: Date,
): Promise<void> {
  const rows = Object.entries(values).map(([key, v]) => ({
    workspaceId,
    contactId,
    key,
    valueText: typeof v === 'string' ? v : null,
    valueNumber: typeof v === 'number' ? v : null,
    valueBool: typeof v === 'boolean' ? v : null,
    valueDate: typeof v === 'object' ? v.date : null,
    updatedAt: at,
  }));
  if (rows.length) await db.insert(contactAttributeValues).values(rows);
}
