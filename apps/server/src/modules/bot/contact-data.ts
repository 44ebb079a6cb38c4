// What the bot keeps about a contact's conversations: the built-in bot's memory (answers it collected) and the
// external bot's per-message log. For the contacts module's GDPR export and erasure and message retention; handed
// to it at the composition root.
import { and, asc, eq, sql } from 'drizzle-orm';
import { inUuids, type ContactDataHolder } from '../contacts';
import { externalBotDeliveries } from './external/tables';
import { botConversationStates } from './tables';
import { rowsOf } from '../../platform/db';

export const botContactData: ContactDataHolder = {
  name: 'bot',

  async erase(tx, scope) {
    const ws = scope.workspaceId;
    const states = await tx
      .delete(botConversationStates)
      .where(and(eq(botConversationStates.workspaceId, ws), inUuids(botConversationStates.conversationId, scope.conversationIds)))
      .returning({ id: botConversationStates.conversationId });
    const deliveries = await tx
      .delete(externalBotDeliveries)
      .where(
        and(
          eq(externalBotDeliveries.workspaceId, ws),
          sql`(${inUuids(externalBotDeliveries.conversationId, scope.conversationIds)} or ${inUuids(externalBotDeliveries.messageId, scope.messageIds)})`,
        ),
      )
      .returning({ id: externalBotDeliveries.messageId });
    return { botMemories: states.length, externalBotDeliveries: deliveries.length };
  },

  async pruneMessages(tx, { workspaceId, cutoff, limit }) {
    // The log names messages that retention deletes; its reasons may quote what the bot answered.
    const gone = await tx.execute(sql`
      delete from ${externalBotDeliveries} where workspace_id = ${workspaceId} and message_id in (
        select message_id from ${externalBotDeliveries} where workspace_id = ${workspaceId}
          and created_at < ${cutoff.toISOString()}::timestamptz limit ${limit})
      returning message_id`);
    return { externalBotDeliveries: rowsOf(gone).length };
  },

  async exportSections(db, x) {
    return [
      {
        kind: 'table',
        name: 'bot-memory',
        columns: [
          { key: 'conversationId', header: 'Conversation', type: 'text' },
          { key: 'updatedAt', header: 'Updated at', type: 'date' },
          { key: 'state', header: 'What the bot remembers', type: 'text' },
        ],
        rows: async function* () {
          const rows = await db
            .select({
              conversationId: botConversationStates.conversationId,
              updatedAt: botConversationStates.updatedAt,
              state: botConversationStates.state,
            })
            .from(botConversationStates)
            .where(
              and(
                eq(botConversationStates.workspaceId, x.workspaceId),
                sql`${botConversationStates.conversationId} in (select id from conversations where workspace_id = ${x.workspaceId} and contact_id = ${x.contactId})`,
              ),
            )
            .orderBy(asc(botConversationStates.updatedAt));
          for (const r of rows) yield { ...r, state: JSON.stringify(r.state) };
        },
      },
    ];
  },
};
