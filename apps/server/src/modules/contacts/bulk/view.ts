import type { BulkActionView, ContactSelection } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { notFound } from '../../../platform/errors';
import { bulkActions, type BulkSelection } from './tables';

export type BulkActionRow = typeof bulkActions.$inferSelect;

export const toBulkView = (r: BulkActionRow): BulkActionView => ({
  id: r.id,
  operation: r.operation,
  status: r.status,
  mode: r.mode,
  total: r.total,
  done: r.done,
  failed: r.failed,
  failures: r.failures,
  error: r.error,
  segmentId: r.segmentId,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export async function getBulkAction(db: Db, workspaceId: string, id: string): Promise<BulkActionView> {
  const [row] = await db
    .select()
    .from(bulkActions)
    .where(and(eq(bulkActions.workspaceId, workspaceId), eq(bulkActions.id, id)));
  if (!row) throw notFound('Bulk action');
  return toBulkView(row);
}

/**
 * What the audit log keeps of a selection: how it was made, never the search text or the filter's values (they
 * may be a customer's name or phone, and an erased customer must leave no trace).
 */
export function selectionShape(sel: BulkSelection): Record<string, unknown> {
  if ('ids' in sel) return { contactIds: sel.ids.length };
  const s: ContactSelection = sel.allMatching;
  return {
    allMatching: true,
    search: Boolean(s.q?.trim()),
    filter: s.filter ? { match: s.filter.match, conditions: s.filter.conditions.map((c) => ({ field: c.field, op: c.op })) } : null,
    segment: s.segment ?? null,
  };
}

/** The operation as audited: its kind and target (tag, attribute key), not an attribute's value. */
export function operationShape(op: BulkActionRow['operation']): Record<string, unknown> {
  switch (op.type) {
    case 'add_tag':
    case 'remove_tag':
      return { type: op.type, tag: op.tag };
    case 'set_attribute':
      return { type: op.type, key: op.key, clear: op.value === null };
    case 'create_segment':
      return { type: op.type, name: op.name };
    default:
      return { type: op.type };
  }
}
