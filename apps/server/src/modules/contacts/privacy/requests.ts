// GDPR requests: any staff member asks (export or erase a contact), an admin carries it out. Executing an erasure
// erases in one transaction with the request's completion and its audit entry; executing an export opens a
// download window (the archive is built on each download, never stored).
import type { PrivacyRequestKind, PrivacyRequestView } from '@parley/contracts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { AppError, notFound } from '../../../platform/errors';
import { recordAudit, usersTable, type Principal } from '../../identity';
import { contacts } from '../tables';
import type { ContactDataHolder } from './contact-data';
import { eraseContacts } from './erase-contacts';
import { privacyRequests, type PrivacyActorType } from './tables';

/** How long an executed export can be downloaded. */
export const EXPORT_DOWNLOAD_DAYS = 7;

type RequestRow = typeof privacyRequests.$inferSelect;

const actorOf = (p: Principal): { type: PrivacyActorType; id: string } =>
  p.kind === 'user' ? { type: 'user', id: p.userId } : { type: 'api_token', id: p.tokenId };

/** Ask for an export or an erasure of a contact; a pending request of the same kind is answered again (a double click). */
export async function requestPrivacy(
  deps: Deps,
  p: Principal,
  contactId: string,
  kind: PrivacyRequestKind,
  ip: string | undefined,
): Promise<{ request: PrivacyRequestView; created: boolean }> {
  const ws = p.workspaceId;
  const result = await withTx(deps.db, async (tx) => {
    const [contact] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, contactId)))
      .for('update');
    if (!contact) throw notFound('Contact');
    const [pending] = await tx
      .select({ id: privacyRequests.id })
      .from(privacyRequests)
      .where(
        and(
          eq(privacyRequests.workspaceId, ws),
          eq(privacyRequests.contactId, contactId),
          eq(privacyRequests.kind, kind),
          eq(privacyRequests.status, 'pending'),
        ),
      );
    if (pending) return { id: pending.id, created: false };
    const actor = actorOf(p);
    const [row] = await tx
      .insert(privacyRequests)
      .values({ workspaceId: ws, contactId, kind, requestedByType: actor.type, requestedById: actor.id, requestedAt: deps.clock.now() })
      .returning({ id: privacyRequests.id });
    await recordAudit(tx, deps.clock, p, ws, {
      action: `contact.privacy_${kind}_requested`,
      targetType: 'privacy_request',
      targetId: row!.id,
      ip,
    });
    return { id: row!.id, created: true };
  });
  return { request: await getPrivacyRequest(deps.db, ws, result.id), created: result.created };
}

/** Carry out a pending request (admins only; the route checks the role). */
export async function executePrivacyRequest(
  deps: Deps,
  holders: readonly ContactDataHolder[],
  p: Principal,
  requestId: string,
  ip: string | undefined,
): Promise<PrivacyRequestView> {
  const ws = p.workspaceId;
  await withTx(deps.db, async (tx) => {
    const request = await lockPending(tx, ws, requestId);
    const now = deps.clock.now();
    const actor = actorOf(p);
    const executed = { status: 'completed' as const, executedByType: actor.type, executedById: actor.id, executedAt: now };
    if (request.kind === 'export') {
      await assertContactExists(tx, ws, request.contactId);
      await tx
        .update(privacyRequests)
        .set({ ...executed, downloadUntil: new Date(now.getTime() + EXPORT_DOWNLOAD_DAYS * 86_400_000) })
        .where(and(eq(privacyRequests.workspaceId, ws), eq(privacyRequests.id, requestId)));
      await recordAudit(tx, deps.clock, p, ws, {
        action: 'contact.privacy_export_executed',
        targetType: 'privacy_request',
        targetId: requestId,
        ip,
      });
      return;
    }
    const result = await eraseContacts(tx, holders, { workspaceId: ws, contactIds: [request.contactId], now, keepRequestId: requestId });
    if (result.erased.length === 0) throw gone();
    await tx
      .update(privacyRequests)
      .set({ ...executed, outcome: result.counts })
      .where(and(eq(privacyRequests.workspaceId, ws), eq(privacyRequests.id, requestId)));
    // No personal data: the request id (which names only the erased contact's id) and counts.
    await recordAudit(tx, deps.clock, p, ws, {
      action: 'contact.erased',
      targetType: 'privacy_request',
      targetId: requestId,
      details: { reason: 'request', counts: result.counts },
      ip,
    });
  });
  return getPrivacyRequest(deps.db, ws, requestId);
}

/** Withdraw a pending request: its requester, or an admin. */
export async function cancelPrivacyRequest(
  deps: Deps,
  p: Principal,
  requestId: string,
  ip: string | undefined,
): Promise<PrivacyRequestView> {
  const ws = p.workspaceId;
  await withTx(deps.db, async (tx) => {
    const request = await lockPending(tx, ws, requestId);
    const actor = actorOf(p);
    const own = request.requestedByType === actor.type && request.requestedById === actor.id;
    if (!own && p.role !== 'admin') throw new AppError('forbidden', 'Only an admin or the person who asked can cancel this request');
    await tx
      .update(privacyRequests)
      .set({
        status: 'cancelled',
        closedReason: 'cancelled',
        executedByType: actor.type,
        executedById: actor.id,
        executedAt: deps.clock.now(),
      })
      .where(and(eq(privacyRequests.workspaceId, ws), eq(privacyRequests.id, requestId)));
    await recordAudit(tx, deps.clock, p, ws, {
      action: 'contact.privacy_request_cancelled',
      targetType: 'privacy_request',
      targetId: requestId,
      ip,
    });
  });
  return getPrivacyRequest(deps.db, ws, requestId);
}

/** An executed export whose download window is open, for the download route; 4xx otherwise. */
export async function downloadableExport(db: Db, workspaceId: string, requestId: string, now: Date): Promise<RequestRow> {
  const [row] = await db
    .select()
    .from(privacyRequests)
    .where(and(eq(privacyRequests.workspaceId, workspaceId), eq(privacyRequests.id, requestId)));
  if (!row) throw notFound('Privacy request');
  if (row.kind !== 'export') throw new AppError('conflict', 'This is an erasure request: there is nothing to download');
  if (row.status !== 'completed') throw new AppError('conflict', 'An admin must execute this export request before it can be downloaded');
  if (!row.downloadUntil || row.downloadUntil <= now) {
    throw new AppError('conflict', 'The download window of this export has closed (or the contact was erased): request a new export');
  }
  await assertContactExists(db, workspaceId, row.contactId);
  return row;
}

export async function listPrivacyRequests(
  db: Db,
  workspaceId: string,
  q: { status?: PrivacyRequestView['status']; contactId?: string; requestedBy?: string },
): Promise<PrivacyRequestView[]> {
  const rows = await db
    .select()
    .from(privacyRequests)
    .where(
      and(
        eq(privacyRequests.workspaceId, workspaceId),
        q.status ? eq(privacyRequests.status, q.status) : undefined,
        q.contactId ? eq(privacyRequests.contactId, q.contactId) : undefined,
        q.requestedBy ? eq(privacyRequests.requestedById, q.requestedBy) : undefined,
      ),
    )
    .orderBy(desc(privacyRequests.requestedAt), desc(privacyRequests.id))
    .limit(500);
  return toViews(db, workspaceId, rows);
}

export async function getPrivacyRequest(db: Db, workspaceId: string, id: string): Promise<PrivacyRequestView> {
  const rows = await db
    .select()
    .from(privacyRequests)
    .where(and(eq(privacyRequests.workspaceId, workspaceId), eq(privacyRequests.id, id)));
  if (!rows[0]) throw notFound('Privacy request');
  return (await toViews(db, workspaceId, rows))[0]!;
}

async function lockPending(tx: Db, ws: string, id: string): Promise<RequestRow> {
  const [row] = await tx
    .select()
    .from(privacyRequests)
    .where(and(eq(privacyRequests.workspaceId, ws), eq(privacyRequests.id, id)))
    .for('update');
  if (!row) throw notFound('Privacy request');
  if (row.status !== 'pending') throw new AppError('conflict', `This request is already ${row.status}`);
  return row;
}

async function assertContactExists(db: Db, ws: string, contactId: string): Promise<void> {
  const [c] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, contactId)));
  if (!c) throw gone();
}

const gone = () => new AppError('not_found', 'The contact no longer exists (erased, deleted or merged into another)');

/** Names are read live: the request itself never stores the contact's. */
async function toViews(db: Db, ws: string, rows: RequestRow[]): Promise<PrivacyRequestView[]> {
  const contactIds = [...new Set(rows.map((r) => r.contactId))];
  const userIds = [...new Set(rows.flatMap((r) => [r.requestedById, r.executedById]).filter((x): x is string => !!x))];
  const names = new Map<string, string | null>();
  if (contactIds.length) {
    const found = await db
      .select({ id: contacts.id, first: contacts.firstName, last: contacts.lastName, channel: contacts.channelName, phone: contacts.phone })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ws), inArray(contacts.id, contactIds)));
    for (const c of found) names.set(c.id, [c.first, c.last].filter(Boolean).join(' ') || c.channel || c.phone || 'Unnamed contact');
  }
  const staff = new Map<string, string>();
  if (userIds.length) {
    const found = await db
      .select({ id: usersTable.id, name: usersTable.name })
      .from(usersTable)
      .where(and(eq(usersTable.workspaceId, ws), inArray(usersTable.id, userIds)));
    for (const u of found) staff.set(u.id, u.name);
  }
  const actor = (type: PrivacyActorType | null, id: string | null) =>
    type ? { type, id, name: type === 'user' && id ? (staff.get(id) ?? null) : null } : null;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    contactId: r.contactId,
    contactName: names.get(r.contactId) ?? null,
    requestedBy: actor(r.requestedByType, r.requestedById)!,
    requestedAt: r.requestedAt.toISOString(),
    executedBy: actor(r.executedByType, r.executedById),
    executedAt: r.executedAt?.toISOString() ?? null,
    closedReason: r.closedReason,
    downloadUntil: r.downloadUntil?.toISOString() ?? null,
    outcome: r.outcome ?? null,
  }));
}
