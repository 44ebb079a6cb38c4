// GDPR erasure of a customer: audit entries stay (who did what, when), but their details may name the customer
// (an email a transcript went to, a value typed into a field). Those details are replaced by a marker.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { auditLog } from './tables';

export const REDACTED_DETAILS = { redacted: 'personal data erased' };

const literal = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;

/**
 * Redact the details of the workspace's audit entries about `targetIds` (contacts, conversations) or whose details
 * contain one of `needles` (phone digits, emails; case-insensitive). Returns how many entries were redacted.
 */
export async function redactAuditEntries(
  tx: Db,
  workspaceId: string,
  about: { targetIds: readonly string[]; needles: readonly string[] },
): Promise<number> {
  const needles = about.needles.map((n) => n.toLowerCase()).filter(Boolean);
  if (about.targetIds.length === 0 && needles.length === 0) return 0;
  const byTarget = sql`${auditLog.targetId} = any(${literal(about.targetIds)}::text[])`;
  const byText = sql`exists (select 1 from unnest(${literal(needles)}::text[]) as n(v) where strpos(lower(${auditLog.details}::text), n.v) > 0)`;
  const rows = await tx
    .update(auditLog)
    .set({ details: REDACTED_DETAILS })
    .where(
      and(
        eq(auditLog.workspaceId, workspaceId),
        sql`(${byTarget} or ${byText})`,
        sql`${auditLog.details} <> ${JSON.stringify(REDACTED_DETAILS)}::jsonb`,
      ),
    )
    .returning({ id: auditLog.id });
  return rows.length;
}
