import { randomUUID } from 'node:crypto';
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { HOT_STATEMENT, SelectTemplate, type Db } from '../../platform/db';
import { contactIdentities, contacts, type AdReferral } from './tables';

export interface InboundContactInput {
  workspaceId: string;
  channelId: string;
  /** Every key the provider may use for this person (wa:<digits> in all its forms, bsuid:<id>). */
  keys: string[];
  at: Date;
  profileName?: string;
  phoneE164?: string;
  referral?: AdReferral;
  /** Tags from first-message rules, applied only when the contact is new. */
  firstMessageTags: string[];
}

export type ContactRow = typeof contacts.$inferSelect;

/**
 * The contact behind an inbound message, created on first contact, and locked FOR UPDATE so messages of
 * one customer are processed one at a time. Race-safe: the identity row is claimed first with a fresh
 * contact id; a concurrent first message waits on the unique key and then uses the winner's contact.
 * A known customer whose keys are all remembered costs one statement.
 */
export async function resolveInboundContact(tx: Db, input: InboundContactInput): Promise<{ contact: ContactRow; created: boolean }> {
  const { workspaceId, channelId, keys } = input;
  const known = await lockKnownContact(tx, workspaceId, channelId, keys);
  let contact: ContactRow;
  let created = false;
  if (known) {
    const { knownKeys, ...row } = known;
    contact = row;
    const unknown = keys.filter((k) => !knownKeys.includes(k));
    if (unknown.length > 0) await rememberKeys(tx, input, contact.id, unknown);
  } else {
    const candidate = randomUUID();
    const [claimed] = await tx
      .insert(contactIdentities)
      .values({ workspaceId, channelId, key: keys[0]!, contactId: candidate, createdAt: input.at })
      .onConflictDoNothing()
      .returning({ contactId: contactIdentities.contactId });
    if (claimed) {
      // Our own insert: no other transaction can see the row, let alone lock it, before we commit.
      const [inserted] = await tx
        .insert(contacts)
        .values({
          workspaceId,
          id: candidate,
          channelName: input.profileName ?? null,
          firstName: input.profileName ?? null,
          phone: input.phoneE164 ?? null,
          source: input.referral ? 'ad' : 'organic',
          referral: input.referral ?? null,
          tags: [...new Set(input.firstMessageTags)],
          createdAt: input.at,
          updatedAt: input.at,
        })
        .returning();
      contact = inserted!;
      created = true;
    } else {
      // A concurrent first message claimed the key and has committed (the insert waited for it).
      const { knownKeys: _known, ...row } = (await lockKnownContact(tx, workspaceId, channelId, keys))!;
      contact = row;
    }
    // Remember every key (a BSUID that appears later, the other Brazilian form) for the next message.
    if (keys.length > 1) await rememberKeys(tx, input, contact.id, keys);
  }
  if (!created && input.profileName && contact.channelName !== input.profileName) {
    await tx
      .update(contacts)
      .set({ channelName: input.profileName })
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contact.id)));
    contact.channelName = input.profileName;
  }
  return { contact, created };
}

/**
 * How many keys one look-up takes: every key a WhatsApp message names (two forms of a Brazilian number, a BSUID,
 * and the same again for a "changed number" message). Longer lists are looked up in slices.
 */
const KEY_SLOTS = 6;
type KeySlot = `key${number}`;
type KeysOnChannel = { workspaceId: string; channelId: string; keys: string[] } & Record<KeySlot, string>;

// One equality look-up of the identities' primary key per key, never `key = any(array)`: given an array, a generic
// plan (what a prepared statement settles on) filters every identity of the channel, one message after another
// (measured: 977 rows read per message with 1,000 customers). Unused slots repeat the slice's first key, never null:
// a null slot folds away in a custom plan, which then always looks cheaper than the generic one, and PostgreSQL
// planned the statement anew for 10,976 of 14,000 messages. The first key that names a contact wins; `coalesce`
// stops there.
const knownContactLock = new SelectTemplate(HOT_STATEMENT.contactLock, (db, v: KeysOnChannel) => {
  const ci = contactIdentities;
  const onChannel = and(eq(ci.workspaceId, v.workspaceId), eq(ci.channelId, v.channelId));
  const slots = Array.from(
    { length: KEY_SLOTS },
    (_, i) => sql`(select ${ci.contactId} from ${ci} where ${onChannel} and ${ci.key} = ${v[`key${i}`]})`,
  );
  return db
    .select({
      ...getTableColumns(contacts),
      // The contact's own identities (a handful), filtered: any(array) is harmless here.
      knownKeys: sql<
        string[]
      >`array(select ${ci.key} from ${ci} where ${eq(ci.workspaceId, v.workspaceId)} and ${ci.contactId} = ${contacts.id} and ${eq(ci.channelId, v.channelId)} and ${ci.key} = any(${v.keys}::text[]))`,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, v.workspaceId), eq(contacts.id, sql`coalesce(${sql.join(slots, sql`, `)})`)))
    .for('update');
});

/** The contact one of these keys names on the channel, locked, with which of the keys are already its own. */
async function lockKnownContact(tx: Db, workspaceId: string, channelId: string, keys: string[]) {
  for (let from = 0; from < keys.length; from += KEY_SLOTS) {
    const slots = Object.fromEntries(Array.from({ length: KEY_SLOTS }, (_, i) => [`key${i}`, keys[from + i] ?? keys[from]!]));
    const [row] = await knownContactLock.execute(tx, { workspaceId, channelId, keys, ...slots });
    if (row) return row as ContactRow & { knownKeys: string[] };
  }
  return undefined;
}

async function rememberKeys(tx: Db, input: InboundContactInput, contactId: string, keys: string[]) {
  const { workspaceId, channelId, at } = input;
  await tx
    .insert(contactIdentities)
    .values(keys.map((key) => ({ workspaceId, channelId, key, contactId, createdAt: at })))
    .onConflictDoNothing();
}

const ofContactOnChannel = (workspaceId: string, channelId: string, contactId: string | SQL) =>
  and(
    eq(contactIdentities.workspaceId, workspaceId),
    eq(contactIdentities.channelId, channelId),
    eq(contactIdentities.contactId, contactId),
  );

/**
 * The customer wrote: the 24-hour window on this channel restarts from `at` (never moves backwards). Returned
 * unexecuted, for the statement that stores the message's effects.
 */
export function lastInboundUpdate(tx: Db, workspaceId: string, channelId: string, contactId: string | SQL, at: Date) {
  return tx
    .update(contactIdentities)
    .set({ lastInboundAt: sql`greatest(${contactIdentities.lastInboundAt}, ${at})` })
    .where(ofContactOnChannel(workspaceId, channelId, contactId));
}

const WINDOW_MS = 24 * 3_600_000;

/** The window a customer message opens closes this long after it (later ones push it further). */
export function windowOpenedBy(customerMessageAt: Date): Date {
  return new Date(customerMessageAt.getTime() + WINDOW_MS);
}

/** When the contact's 24-hour customer-service window on this channel closes (null: never opened). */
export async function windowClosesAt(db: Db, workspaceId: string, channelId: string, contactId: string): Promise<Date | null> {
  const [row] = await db
    .select({ last: sql<Date | null>`max(${contactIdentities.lastInboundAt})`.mapWith(contactIdentities.lastInboundAt) })
    .from(contactIdentities)
    .where(ofContactOnChannel(workspaceId, channelId, contactId));
  return row?.last ? new Date(row.last.getTime() + WINDOW_MS) : null;
}

/** The provider's keys for a contact on a channel, e.g. to address an outbound message. */
export async function identityKeys(db: Db, workspaceId: string, channelId: string, contactId: string): Promise<string[]> {
  const rows = await db
    .select({ key: contactIdentities.key })
    .from(contactIdentities)
    .where(ofContactOnChannel(workspaceId, channelId, contactId))
    .orderBy(contactIdentities.createdAt);
  return rows.map((r) => r.key);
}

export async function addIdentityKey(db: Db, workspaceId: string, channelId: string, contactId: string, key: string, at: Date) {
  await db.insert(contactIdentities).values({ workspaceId, channelId, key, contactId, createdAt: at }).onConflictDoNothing();
}
