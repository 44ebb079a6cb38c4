// A bulk operation checked before anything runs: who may do it, and whether its value fits (a 400 naming the
// field, a 403 for a role). The job checks the parts that may change meanwhile again, batch by batch.
import type { BulkOperation } from '@parley/contracts';
import type { Db } from '../../../platform/db';
import { forbidden, invalidField } from '../../../platform/errors';
import type { Principal } from '../../identity';
import { findAttributeDefinition, toStored } from '../attributes';

/** Deleting contacts is for admins; agents set only the attributes marked agent-editable (as on one contact). */
export async function prepareOperation(db: Db, p: Principal, op: BulkOperation): Promise<BulkOperation> {
  if (op.type === 'delete' && p.role !== 'admin') throw forbidden('Only an admin may delete contacts');
  if (op.type === 'add_tag' || op.type === 'remove_tag') {
    const tag = op.tag.replaceAll('\u0000', '').trim();
    if (tag === '') throw invalidField('operation.tag', 'must not be empty');
    return { ...op, tag };
  }
  if (op.type !== 'set_attribute') return op;
  const stored = await storedValue(db, p.workspaceId, op.key, op.value);
  if (p.role === 'agent' && !stored.agentEditable) throw forbidden(`operation.key: agents may not edit "${stored.label}"`);
  return op;
}

/** The value checked against the attribute's current definition (a 400 on operation.key or operation.value). */
export async function storedValue(db: Db, workspaceId: string, key: string, value: unknown) {
  const def = await findAttributeDefinition(db, workspaceId, key);
  if (!def) throw invalidField('operation.key', `"${key}" is not a defined attribute`);
  return {
    value: value === null ? null : toStored(def, value, 'operation.value'),
    agentEditable: def.agentEditable,
    label: def.label,
  };
}
