// Test-only: conversations, messages and channel identities straight into storage, in whatever state an admin-menu
// test needs (the lists read storage; how conversations get there is other modules' tests' business).
import { contactIdentities } from '../modules/contacts/tables';
import { conversations, messages } from '../modules/conversations/tables';
import type { Db } from '../platform/db';
import { seedContact } from './contacts';

export const CHANNEL = '00000000-0000-4000-8000-0000000000aa';

export type ConversationSeed = Partial<typeof conversations.$inferInsert> & { state: (typeof conversations.$inferInsert)['state'] };

let n = 0;

/** A contact (named, with a phone) and one conversation of theirs; returns both ids. */
export async function seedConversation(
  db: Db,
  workspaceId: string,
  at: Date,
  c: ConversationSeed,
  contact: { firstName?: string; phone?: string } = {},
): Promise<{ conversationId: string; contactId: string }> {
  n++;
  const contactId = await seedContact(db, workspaceId, at, {
    firstName: contact.firstName ?? `Customer ${n}`,
    phone: contact.phone ?? `+5511900${String(n).padStart(6, '0')}`,
  });
  const [row] = await db
    .insert(conversations)
    .values({
      workspaceId,
      contactId,
      channelId: CHANNEL,
      openedAt: at,
      lastMessageAt: c.lastCustomerMessageAt ?? at,
      updatedAt: at,
      ...c,
    })
    .returning({ id: conversations.id });
  return { conversationId: row!.id, contactId };
}

export type MessageSeed = Partial<typeof messages.$inferInsert> & {
  direction: 'in' | 'out';
  senderType: (typeof messages.$inferInsert)['senderType'];
  createdAt: Date;
};

export async function seedMessage(
  db: Db,
  workspaceId: string,
  where: { conversationId: string; contactId: string },
  msg: MessageSeed,
): Promise<string> {
  const [row] = await db
    .insert(messages)
    .values({
      workspaceId,
      conversationId: where.conversationId,
      contactId: where.contactId,
      channelId: CHANNEL,
      type: 'text',
      content: {},
      status: msg.direction === 'in' ? 'received' : 'sent',
      arrivedAt: msg.createdAt,
      ...msg,
    })
    .returning({ id: messages.id });
  return row!.id;
}

/** The contact's identity on the channel, with when they last wrote (the 24-hour window's start). */
export async function seedIdentity(db: Db, workspaceId: string, contactId: string, lastInboundAt: Date | null, at: Date) {
  await db
    .insert(contactIdentities)
    .values({ workspaceId, channelId: CHANNEL, key: `wa:${contactId}`, contactId, lastInboundAt, createdAt: at })
    .onConflictDoUpdate({
      target: [contactIdentities.workspaceId, contactIdentities.channelId, contactIdentities.key],
      set: { lastInboundAt },
    });
}
