// What a mapping is checked against: the workspace's attribute definitions and its default country for phones.
import type { ContactImportKey, ContactImportMapping } from '@parley/contracts';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import type { AttributeDefinitionRow } from '../attributes';
import type { CountryCode } from '../lib';
import { attributeDefinitions } from '../tables';
import { compileRules, type RowRules } from './row-rules';

export function loadDefinitions(deps: Pick<Deps, 'db'>, workspaceId: string): Promise<AttributeDefinitionRow[]> {
  return deps.db.select().from(attributeDefinitions).where(eq(attributeDefinitions.workspaceId, workspaceId));
}

/**
 * Numbers without a country code are read in this country. Parley has no per-workspace setting for it yet:
 * PARLEY_DEFAULT_COUNTRY is the installation's, shared with campaign audiences.
 */
export const defaultCountry = (deps: Pick<Deps, 'config'>) => deps.config.campaigns.defaultCountry as CountryCode;

/** The rules of an import's mapping, checked against the attributes as they are now (400s name the field). */
export async function rulesFor(
  deps: Pick<Deps, 'db' | 'config'>,
  imp: { workspaceId: string; columns: string[]; mapping: ContactImportMapping; upsertKey: ContactImportKey },
  requireKey = true,
): Promise<RowRules> {
  const definitions = await loadDefinitions(deps, imp.workspaceId);
  return compileRules({ ...imp, country: defaultCountry(deps) }, definitions, requireKey);
}
