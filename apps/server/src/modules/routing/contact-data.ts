// What routing keeps about a contact's conversations: the notices already sent to them. For the contacts module's
// erasure and message retention; handed to it at the composition root.
import { and, eq, sql } from 'drizzle-orm';
import { inUuids, type ContactDataHolder } from '../contacts';
import { routingNotices } from './tables';
import { rowsOf } from '../../platform/db';

export const routingContactData: ContactDataHolder = {
  name: 'routing',

  async erase(tx, scope) {
    const gone = await tx
      .delete(routingNotices)
      .where(and(eq(routingNotices.workspaceId, scope.workspaceId), inUuids(routingNotices.conversationId, scope.conversationIds)))
      .returning({ id: routingNotices.conversationId });
    return { routingNotices: gone.length };
  },

  async pruneMessages(tx, { workspaceId, cutoff, limit }) {
    const gone = await tx.execute(sql`
      delete from ${routingNotices} where workspace_id = ${workspaceId} and (conversation_id, kind, at) in (
        select conversation_id, kind, at from ${routingNotices} where workspace_id = ${workspaceId}
          and at < ${cutoff.toISOString()}::timestamptz limit ${limit})
      returning conversation_id`);
    return { routingNotices: rowsOf(gone).length };
  },
};
