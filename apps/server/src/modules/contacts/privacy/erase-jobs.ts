// Jobs about erased contacts: queued ones (a send, a media download, the external bot's call) must not run, and
// finished ones pg-boss keeps for days still hold their payloads (the external bot's job carries the message text).
// Job payloads carry ids, so a job is about the contacts when any string in it is one of the scope's ids; a few
// carry raw text, searched for the contacts' phone digits and emails. Only jobs of this workspace are touched.
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../platform/db';
import { containsAny, pgArray, rawNeedles, type ErasureScope } from './contact-data';

/** Delete every pg-boss job (any state) of the workspace whose payload or output mentions the erased contacts. */
export async function eraseJobsAbout(tx: Db, scope: ErasureScope): Promise<number> {
  const ids = [...scope.contactIds, ...scope.conversationIds, ...scope.messageIds, ...scope.jobRefs, ...scope.media.map((m) => m.mediaId)];
  const needles = rawNeedles(scope);
  if (ids.length === 0 && needles.length === 0) return 0;
  const text = sql`(coalesce(j.data::text, '') || coalesce(j.output::text, '') || coalesce(j.source_output::text, ''))`;
  const result = await tx.execute(sql`
    delete from pgboss.job j
    where j.data->>'workspaceId' = ${scope.workspaceId}
      and (
        exists (
          select 1 from jsonb_path_query(j.data, 'strict $.**') as v(value)
          where jsonb_typeof(v.value) = 'string' and (v.value #>> '{}') = any(${pgArray(ids)}::text[])
        )
        or ${containsAny(text, needles)}
      )
    returning j.id`);
  return rowsOf(result).length;
}
