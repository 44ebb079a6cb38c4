import type { AdminListName } from '@parley/contracts';
import { listSkillsets } from '../routing';
import type { Db } from '../../platform/db';

/** Skillset names by id, for the lists that show a queue (a workspace has a handful: read whole, not joined). */
export async function skillsetNames(db: Db, workspaceId: string, list?: AdminListName): Promise<Map<string, string>> {
  if (list !== undefined && list !== 'waiting' && list !== 'templates-sent') return new Map();
  return new Map((await listSkillsets(db, workspaceId)).map((s) => [s.id, s.name]));
}
