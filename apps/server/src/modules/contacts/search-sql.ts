// The list's search box: names, email and phone, through the pg_trgm index on contacts.search_text.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { escapeLike } from './filter-sql';
import { contacts } from './tables';

const MAX_WORDS = 8;
const PHONE_LIKE = /^[+\d\s().-]+$/;
// Only words that look like names are matched fuzzily: an email or a number "nearly" matching means nothing.
const NAME_LIKE = /^\p{L}{4,}$/u;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const contains = (w: string) => sql`${contacts.searchText} like ${`%${escapeLike(w)}%`}`;

/**
 * Every word must appear in the contact's name, email or phone. A query that looks like a phone number matches
 * its digits anywhere in the stored E.164 number, whatever the spaces, dashes or brackets typed. When nothing in
 * the workspace matches as typed, name-like words are matched fuzzily instead (trigram word similarity ≥ pg_trgm's
 * 0.6, so "gabriella" finds "Gabriela"). Exact first, because OR-ing the fuzzy operator in makes PostgreSQL
 * estimate that nearly every row matches and scan them all (a second on 100,000 contacts). A whole email address
 * is looked up by the email index first, and searched as text only when no contact has it.
 */
export async function searchCondition(db: Db, workspaceId: string, q: string | undefined): Promise<SQL | undefined> {
  const text = (q ?? '').trim().toLowerCase();
  if (!text) return undefined;
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= 3) return sql`${contacts.searchText} like ${`%${digits}%`}`;
  // A whole email address: its contact through the email index first. Its trigrams ("example.com") are in every
  // other address, so the trigram index hands PostgreSQL most of the table to recheck (200 ms at a million).
  if (EMAIL_LIKE.test(text)) {
    const byEmail = sql`lower(${contacts.email}) = ${text}`;
    if (await exists(db, workspaceId, byEmail)) return byEmail;
  }
  const words = text.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
  const exact = and(...words.map(contains))!;
  if (!words.some((w) => NAME_LIKE.test(w))) return exact;
  if (await exists(db, workspaceId, exact)) return exact;
  return and(...words.map((w) => (NAME_LIKE.test(w) ? sql`${w}::text <% ${contacts.searchText}` : contains(w))));
}

async function exists(db: Db, workspaceId: string, condition: SQL): Promise<boolean> {
  const [hit] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), condition))
    .limit(1);
  return hit !== undefined;
}
