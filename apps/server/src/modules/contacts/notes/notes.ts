// Notes on a contact: anyone on the staff (or an API token) writes them; only the author or an admin may change
// or delete one (an agent cannot rewrite what a colleague recorded). Edits and deletions are audited, without text.
import type { ContactNote, ContactNoteList } from '@parley/contracts';
import { and, desc, eq, sql } from 'drizzle-orm';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { forbidden, invalidField, notFound } from '../../../platform/errors';
import { recordAudit, usersTable, type Principal } from '../../identity';
import { decodeInstantCursor, encodeInstantCursor } from '../profile/cursor';
import { contacts } from '../tables';
import { contactNotes } from './tables';

type NoteRow = typeof contactNotes.$inferSelect;
type AuthorRow = { note: NoteRow; authorName: string | null };

const authorOf = (p: Principal) =>
  p.kind === 'user' ? { authorType: 'user' as const, authorId: p.userId } : { authorType: 'api_token' as const, authorId: p.tokenId };

/** The author, or an admin (API tokens act with admin rights). */
const mayChange = (p: Principal, n: Pick<NoteRow, 'authorType' | 'authorId'>) => {
  const me = authorOf(p);
  return p.role === 'admin' || (me.authorType === n.authorType && me.authorId === n.authorId);
};

/** NUL cannot be stored in PostgreSQL text; the schema already trimmed and bounded the rest. */
function cleanText(text: string): string {
  const t = text.replaceAll('\u0000', '').trim();
  if (t === '') throw invalidField('text', 'must not be empty');
  return t;
}

function toView(p: Principal, { note, authorName }: AuthorRow): ContactNote {
  const name = note.authorType === 'api_token' ? 'API token' : (authorName ?? 'Removed user');
  return {
    id: note.id,
    contactId: note.contactId,
    text: note.text,
    author: { type: note.authorType, id: note.authorId, name },
    createdAt: note.createdAt.toISOString(),
    editedAt: note.editedAt?.toISOString() ?? null,
    canEdit: mayChange(p, note),
  };
}

async function assertContact(db: Db, workspaceId: string, contactId: string): Promise<void> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!row) throw notFound('Contact');
}

function selectNotes(db: Db) {
  return db
    .select({ note: contactNotes, authorName: usersTable.name })
    .from(contactNotes)
    .leftJoin(
      usersTable,
      and(
        eq(contactNotes.authorType, 'user'),
        eq(usersTable.workspaceId, contactNotes.workspaceId),
        eq(usersTable.id, contactNotes.authorId),
      ),
    );
}

async function loadNote(db: Db, workspaceId: string, contactId: string, noteId: string): Promise<AuthorRow> {
  const [row] = await selectNotes(db).where(
    and(eq(contactNotes.workspaceId, workspaceId), eq(contactNotes.contactId, contactId), eq(contactNotes.id, noteId)),
  );
  if (!row) throw notFound('Note');
  return row;
}

/** A contact's notes, newest first, in keyset pages. */
export async function listNotes(db: Db, p: Principal, contactId: string, q: { limit: number; cursor?: string }): Promise<ContactNoteList> {
  await assertContact(db, p.workspaceId, contactId);
  const after = q.cursor ? decodeInstantCursor(q.cursor) : undefined;
  const rows = await selectNotes(db)
    .where(
      and(
        eq(contactNotes.workspaceId, p.workspaceId),
        eq(contactNotes.contactId, contactId),
        after ? sql`(${contactNotes.createdAt}, ${contactNotes.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(contactNotes.createdAt), desc(contactNotes.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toView(p, r)),
    nextCursor: rows.length > q.limit && last ? encodeInstantCursor(last.note.createdAt, last.note.id) : null,
  };
}

export async function addNote(deps: Deps, p: Principal, contactId: string, text: string): Promise<ContactNote> {
  const clean = cleanText(text);
  await assertContact(deps.db, p.workspaceId, contactId);
  const [note] = await deps.db
    .insert(contactNotes)
    .values({ workspaceId: p.workspaceId, contactId, ...authorOf(p), text: clean, createdAt: deps.clock.now() })
    .returning();
  return toView(p, { note: note!, authorName: await userName(deps.db, p) });
}

export async function editNote(deps: Deps, p: Principal, contactId: string, noteId: string, text: string, ip?: string) {
  const clean = cleanText(text);
  return withTx(deps.db, async (tx) => {
    const current = await loadNote(tx, p.workspaceId, contactId, noteId);
    if (!mayChange(p, current.note)) throw forbidden('Only the author of a note or an admin may edit it');
    const [note] = await tx
      .update(contactNotes)
      .set({ text: clean, editedAt: deps.clock.now() })
      .where(and(eq(contactNotes.workspaceId, p.workspaceId), eq(contactNotes.id, noteId)))
      .returning();
    if (!note) throw notFound('Note');
    await auditNote(deps, tx, p, 'contact.note.edited', current.note, ip);
    return toView(p, { note, authorName: current.authorName });
  });
}

export async function deleteNote(deps: Deps, p: Principal, contactId: string, noteId: string, ip?: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const current = await loadNote(tx, p.workspaceId, contactId, noteId);
    if (!mayChange(p, current.note)) throw forbidden('Only the author of a note or an admin may delete it');
    await tx.delete(contactNotes).where(and(eq(contactNotes.workspaceId, p.workspaceId), eq(contactNotes.id, noteId)));
    await auditNote(deps, tx, p, 'contact.note.deleted', current.note, ip);
  });
}

async function auditNote(deps: Deps, tx: Db, p: Principal, action: string, note: NoteRow, ip?: string) {
  const me = authorOf(p);
  await recordAudit(tx, deps.clock, p, p.workspaceId, {
    action,
    targetType: 'contact_note',
    targetId: note.id,
    // Never the text: notes may hold anything about the customer.
    details: { contactId: note.contactId, ownNote: me.authorType === note.authorType && me.authorId === note.authorId },
    ip,
  });
}

async function userName(db: Db, p: Principal): Promise<string | null> {
  if (p.kind !== 'user') return null;
  const [row] = await db
    .select({ name: usersTable.name })
    .from(usersTable)
    .where(and(eq(usersTable.workspaceId, p.workspaceId), eq(usersTable.id, p.userId)));
  return row?.name ?? null;
}
