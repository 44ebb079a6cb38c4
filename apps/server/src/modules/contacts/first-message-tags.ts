import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { firstMessageTagRules } from './tables';

export type TagRule = { match: 'exact' | 'prefix' | 'contains'; pattern: string; tag: string };

/** Tags a new contact's first message earns: "Hi, I want Product A" → "Product A" (case-insensitive). */
export function matchFirstMessageTags(rules: TagRule[], text: string): string[] {
  const t = text.trim().toLocaleLowerCase();
  if (!t) return [];
  return rules
    .filter((r) => {
      const p = r.pattern.trim().toLocaleLowerCase();
      return r.match === 'exact' ? t === p : r.match === 'prefix' ? t.startsWith(p) : t.includes(p);
    })
    .map((r) => r.tag);
}

export async function loadTagRules(db: Db, workspaceId: string): Promise<TagRule[]> {
  return db
    .select({ match: firstMessageTagRules.match, pattern: firstMessageTagRules.pattern, tag: firstMessageTagRules.tag })
    .from(firstMessageTagRules)
    .where(eq(firstMessageTagRules.workspaceId, workspaceId));
}
