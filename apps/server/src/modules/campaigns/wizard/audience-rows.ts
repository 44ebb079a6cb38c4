// Writing a draft's audience: whole replacement (a new file, a new pick) or one row more, in multi-row INSERTs.
import { and, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { campaignAudience } from '../tables';

export type AudienceInsert = Omit<typeof campaignAudience.$inferInsert, 'workspaceId' | 'campaignId'>;

/** Rows per INSERT. */
export const INSERT_BATCH = 2000;

export async function clearAudience(tx: Db, workspaceId: string, campaignId: string): Promise<void> {
  await tx.delete(campaignAudience).where(and(eq(campaignAudience.workspaceId, workspaceId), eq(campaignAudience.campaignId, campaignId)));
}

/**
 * Multi-row INSERTs whose rows travel as one JSON parameter (jsonb_to_recordset): the same on both engines, and
 * far cheaper to build than a statement with a parameter per value (100,000 rows × 5 values).
 */
export async function insertAudience(tx: Db, workspaceId: string, campaignId: string, rows: readonly AudienceInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const json = JSON.stringify(
      rows.slice(i, i + INSERT_BATCH).map((r) => ({
        row_no: r.rowNo,
        phone: r.phone ?? null,
        name: r.name ?? null,
        contact_id: r.contactId ?? null,
        cells: r.cells ?? null,
      })),
    );
    await tx.execute(sql`
      insert into ${campaignAudience} (workspace_id, campaign_id, row_no, phone, name, contact_id, cells)
      select ${workspaceId}::uuid, ${campaignId}::uuid, r.row_no, r.phone, r.name, r.contact_id, r.cells
      from jsonb_to_recordset(${json}::jsonb) as r(row_no int, phone text, name text, contact_id uuid, cells jsonb)`);
  }
}

export async function lastRowNo(db: Db, workspaceId: string, campaignId: string): Promise<number> {
  const [row] = await db
    .select({ n: max(campaignAudience.rowNo) })
    .from(campaignAudience)
    .where(and(eq(campaignAudience.workspaceId, workspaceId), eq(campaignAudience.campaignId, campaignId)));
  return row?.n ?? 0;
}

export const notRemoved = (workspaceId: string, campaignId: string) =>
  and(
    eq(campaignAudience.workspaceId, workspaceId),
    eq(campaignAudience.campaignId, campaignId),
    sql`${campaignAudience.removed} = false`,
  )!;
