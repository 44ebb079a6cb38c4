// What the desk keeps about a contact: the internal notes agents wrote on their conversations. For the contacts
// module's merge, GDPR export and erasure; handed to it at the composition root.
import { and, asc, eq, sql } from 'drizzle-orm';
import { inUuids, type ContactDataHolder } from '../contacts';
import { conversationNotes } from './tables';

export const deskContactData: ContactDataHolder = {
  name: 'desk',

  async moveContact(tx, m) {
    await tx
      .update(conversationNotes)
      .set({ contactId: m.toId })
      .where(and(eq(conversationNotes.workspaceId, m.workspaceId), eq(conversationNotes.contactId, m.fromId)));
  },

  async erase(tx, scope) {
    const gone = await tx
      .delete(conversationNotes)
      .where(
        and(
          eq(conversationNotes.workspaceId, scope.workspaceId),
          sql`(${inUuids(conversationNotes.contactId, scope.contactIds)} or ${inUuids(conversationNotes.conversationId, scope.conversationIds)})`,
        ),
      )
      .returning({ id: conversationNotes.id });
    return { conversationNotes: gone.length };
  },

  // Notes staff wrote about the person are their personal data too (GDPR Art. 15).
  async exportSections(db, x) {
    return [
      {
        kind: 'table',
        name: 'conversation-notes',
        columns: [
          { key: 'createdAt', header: 'Written at', type: 'date' },
          { key: 'conversationId', header: 'Conversation', type: 'text' },
          { key: 'text', header: 'Note', type: 'text' },
        ],
        rows: async function* () {
          yield* await db
            .select({
              createdAt: conversationNotes.createdAt,
              conversationId: conversationNotes.conversationId,
              text: conversationNotes.text,
            })
            .from(conversationNotes)
            .where(and(eq(conversationNotes.workspaceId, x.workspaceId), eq(conversationNotes.contactId, x.contactId)))
            .orderBy(asc(conversationNotes.createdAt));
        },
      },
    ];
  },
};
