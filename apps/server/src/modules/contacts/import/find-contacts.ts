// The existing contacts an import's rows update, found by their key for a whole batch in one query.
import type { ContactImportKey } from '@parley/contracts';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../platform/db';
import { phoneMatchKeys } from '../lib';
import { contacts } from '../tables';

/**
 * The contact of each key (an E.164 phone, or an email), by key. By phone, the number's own form wins, then its
 * other WhatsApp form (a Brazilian mobile with or without the 9th digit); by email, case does not matter. When
 * several contacts share a key, the oldest is the one updated.
 */
export async function findContacts(
  db: Db,
  workspaceId: string,
  upsertKey: ContactImportKey,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  const forms = new Map(keys.map((k) => [k, upsertKey === 'phone' ? phoneMatchKeys(k).map((d) => `+${d}`) : [k.toLowerCase()]]));
  const wanted = JSON.stringify([...new Set([...forms.values()].flat())]);
  const column = upsertKey === 'phone' ? sql`${contacts.phone}` : sql`lower(${contacts.email})`;
  const rows = rowsOf<{ id: string; k: string }>(
    await db.execute(sql`
      select ${contacts.id} as id, ${column} as k from ${contacts}
      where ${contacts.workspaceId} = ${workspaceId}::uuid and ${column} in (select jsonb_array_elements_text(${wanted}::jsonb))
      order by ${contacts.createdAt}, ${contacts.id}`),
  );
  const oldest = new Map<string, string>();
  for (const r of rows) if (!oldest.has(r.k)) oldest.set(r.k, r.id);
  for (const [key, candidates] of forms) {
    const id = candidates.map((c) => oldest.get(c)).find((x) => x !== undefined);
    if (id) found.set(key, id);
  }
  return found;
}
