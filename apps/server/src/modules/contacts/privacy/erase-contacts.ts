// Erasing contacts: GDPR requests and the retention policy take this one path. Everything happens in the caller's
// transaction: every module first adds the ids it knows (conversations, messages, media, events…), then deletes or
// anonymises its rows, then queued and finished jobs about them go, then audit details naming them are redacted.
// Anonymous aggregates stay: campaign recipient rows keep their status (the campaign's counts) without who.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { redactAuditEntries } from '../../identity';
import { inUuids, rawNeedles, type ContactDataHolder, type ErasureCounts, type ErasureScope } from './contact-data';
import { eraseJobsAbout } from './erase-jobs';
import { ownContactData } from './own-data';
import { privacyRequests } from './tables';

export interface ErasureResult {
  /** The contacts that existed and are now gone. */
  erased: string[];
  counts: ErasureCounts;
}

export function emptyScope(workspaceId: string, contactIds: readonly string[], now: Date): ErasureScope {
  return {
    workspaceId,
    now,
    contactIds: [...new Set(contactIds)],
    identities: [],
    phones: [],
    emails: [],
    conversationIds: [],
    messageIds: [],
    providerMessageIds: [],
    media: [],
    jobRefs: [],
  };
}

/**
 * Erase these contacts of the workspace and everything about them, irreversibly, inside `tx`. Contacts that do
 * not exist are ignored. `keepRequestId`: the request being carried out (its row is completed by the caller).
 */
export async function eraseContacts(
  tx: Db,
  holders: readonly ContactDataHolder[],
  input: { workspaceId: string; contactIds: readonly string[]; now: Date; keepRequestId?: string },
): Promise<ErasureResult> {
  const scope = emptyScope(input.workspaceId, input.contactIds, input.now);
  await ownContactData.collect!(tx, scope);
  if (scope.contactIds.length === 0) return { erased: [], counts: {} };
  for (const h of holders) await h.collect?.(tx, scope);

  const counts: ErasureCounts = {};
  const add = (more: ErasureCounts | undefined) => {
    for (const [k, v] of Object.entries(more ?? {})) counts[k] = (counts[k] ?? 0) + v;
  };
  for (const h of holders) add(await h.erase?.(tx, scope));
  add(await ownContactData.erase!(tx, scope));
  add({ jobs: await eraseJobsAbout(tx, scope) });
  add({
    auditEntriesRedacted: await redactAuditEntries(tx, scope.workspaceId, {
      targetIds: [...scope.contactIds, ...scope.conversationIds],
      needles: rawNeedles(scope),
    }),
  });
  await closeRequestsOf(tx, scope, input.keepRequestId);
  return { erased: scope.contactIds, counts };
}

/** Other requests about erased contacts: pending ones are moot, and exports can no longer be downloaded. */
async function closeRequestsOf(tx: Db, scope: ErasureScope, keep: string | undefined): Promise<void> {
  const about = and(
    eq(privacyRequests.workspaceId, scope.workspaceId),
    inUuids(privacyRequests.contactId, scope.contactIds),
    keep ? ne(privacyRequests.id, keep) : undefined,
  );
  await tx
    .update(privacyRequests)
    .set({ status: 'cancelled', closedReason: 'contact erased' })
    .where(and(about, eq(privacyRequests.status, 'pending')));
  await tx
    .update(privacyRequests)
    .set({ downloadUntil: scope.now })
    .where(and(about, eq(privacyRequests.kind, 'export'), sql`${privacyRequests.downloadUntil} > ${scope.now.toISOString()}::timestamptz`));
}
