import type { AttributeDefinition, ContactAttributes, CreateAttributeRequest, UpdateAttributeRequest } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import { recordAudit, type Principal } from '../identity';
import {
  findAttributeDefinition,
  getContactAttributes,
  listAttributeDefinitions,
  setContactAttribute,
  toAttributeDefinition,
} from './attributes';
import { attributeDefinitions, contactAttributeValues, contacts } from './tables';

export async function createAttributeDefinition(
  deps: Deps,
  p: Principal,
  input: CreateAttributeRequest,
  ip?: string,
): Promise<AttributeDefinition> {
  return withTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .insert(attributeDefinitions)
      .values({
        workspaceId: p.workspaceId,
        key: input.key,
        label: input.label,
        type: input.type,
        options: input.type === 'list' ? (input.options ?? []) : null,
        agentEditable: input.agentEditable ?? false,
        topProperty: input.topProperty ?? false,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new AppError('conflict', `key: an attribute "${input.key}" already exists`, {
        issues: [{ field: 'key', message: 'an attribute with this key already exists' }],
      });
    }
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'attribute.created',
      targetType: 'attribute',
      targetId: row.key,
      details: { type: row.type },
      ip,
    });
    return toAttributeDefinition(row);
  });
}

export async function updateAttributeDefinition(
  deps: Deps,
  p: Principal,
  key: string,
  input: UpdateAttributeRequest,
  ip?: string,
): Promise<AttributeDefinition> {
  return withTx(deps.db, async (tx) => {
    const def = await lockDefinition(tx, p.workspaceId, key);
    if (input.options !== undefined && def.type !== 'list') throw invalidField('options', 'only a list attribute has options');
    const [row] = await tx
      .update(attributeDefinitions)
      .set({ ...input, updatedAt: deps.clock.now() })
      .where(and(eq(attributeDefinitions.workspaceId, p.workspaceId), eq(attributeDefinitions.key, key)))
      .returning();
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'attribute.updated',
      targetType: 'attribute',
      targetId: key,
      details: { fields: Object.keys(input) },
      ip,
    });
    return toAttributeDefinition(row!);
  });
}

/** Delete a definition and every contact's value of it. */
export async function deleteAttributeDefinition(deps: Deps, p: Principal, key: string, ip?: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    await lockDefinition(tx, p.workspaceId, key);
    await tx
      .delete(contactAttributeValues)
      .where(and(eq(contactAttributeValues.workspaceId, p.workspaceId), eq(contactAttributeValues.key, key)));
    await tx
      .delete(attributeDefinitions)
      .where(and(eq(attributeDefinitions.workspaceId, p.workspaceId), eq(attributeDefinitions.key, key)));
    await recordAudit(tx, deps.clock, p, p.workspaceId, { action: 'attribute.deleted', targetType: 'attribute', targetId: key, ip });
  });
}

/** Every definition with this contact's value (null when unset). */
export async function contactAttributesView(db: Db, workspaceId: string, contactId: string): Promise<ContactAttributes> {
  await assertContact(db, workspaceId, contactId);
  const [defs, values] = await Promise.all([listAttributeDefinitions(db, workspaceId), getContactAttributes(db, workspaceId, contactId)]);
  return { items: defs.map((d) => ({ ...d, value: values[d.key] ?? null })) };
}

/** Staff set some attributes at once (all or none); agents only those marked agent-editable. */
export async function setContactAttributes(
  deps: Deps,
  p: Principal,
  contactId: string,
  values: Record<string, string | number | boolean | null>,
): Promise<ContactAttributes> {
  await withTx(deps.db, async (tx) => {
    await assertContact(tx, p.workspaceId, contactId);
    const at = deps.clock.now();
    for (const [key, value] of Object.entries(values)) {
      if (p.role === 'agent') {
        const def = await findAttributeDefinition(tx, p.workspaceId, key);
        if (def && !def.agentEditable) throw forbidden(`attributes.${key}: agents may not edit "${def.label}"`);
      }
      await setContactAttribute(tx, { workspaceId: p.workspaceId, contactId, key, value, at });
    }
  });
  return contactAttributesView(deps.db, p.workspaceId, contactId);
}

async function lockDefinition(tx: Db, workspaceId: string, key: string) {
  const [def] = await tx
    .select()
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.workspaceId, workspaceId), eq(attributeDefinitions.key, key)))
    .for('update');
  if (!def) throw notFound('Attribute');
  return def;
}

async function assertContact(db: Db, workspaceId: string, contactId: string) {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!row) throw notFound('Contact');
}
