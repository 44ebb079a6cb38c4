// Test-only: a contact's history straight into storage — channels, identities, conversations, messages, sessions,
// goals and campaign deliveries — for the profile's endpoints, which only read it.
import { campaignRecipients, campaigns } from '../modules/campaigns/tables';
import { channels, type ChannelKind } from '../modules/channels/tables';
import { contactIdentities, goalCompletions } from '../modules/contacts/tables';
import { contactSessions, conversations, messages, type ConversationState } from '../modules/conversations/tables';
import type { Db } from '../platform/db';

let n = 0;

export async function seedChannel(db: Db, workspaceId: string, kind: ChannelKind, name: string): Promise<string> {
  n++;
  const [row] = await db
    .insert(channels)
    .values({ workspaceId, kind, name, externalId: `test-${kind}-${n}-${Date.now()}`, settings: {} as never, sealedSecrets: 'x' })
    .returning({ id: channels.id });
  return row!.id;
}

export async function seedChannelIdentity(
  db: Db,
  workspaceId: string,
  x: { contactId: string; channelId: string; key: string; createdAt: Date; lastInboundAt: Date | null },
) {
  await db.insert(contactIdentities).values({ workspaceId, ...x });
}

export async function seedContactConversation(
  db: Db,
  workspaceId: string,
  x: {
    contactId: string;
    channelId: string;
    state: ConversationState;
    openedAt: Date;
    lastMessageAt?: Date;
    hadAgent?: boolean;
    closedAt?: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(conversations)
    .values({
      workspaceId,
      contactId: x.contactId,
      channelId: x.channelId,
      state: x.state,
      openedAt: x.openedAt,
      lastMessageAt: x.lastMessageAt ?? x.openedAt,
      hadAgent: x.hadAgent ?? false,
      closedAt: x.closedAt ?? null,
      closedReason: x.closedAt ? 'Resolved' : null,
      updatedAt: x.openedAt,
    })
    .returning({ id: conversations.id });
  return row!.id;
}

export async function seedConversationMessage(
  db: Db,
  workspaceId: string,
  x: { conversationId: string; contactId: string; channelId: string; senderType: 'customer' | 'bot' | 'agent'; text: string; at: Date },
) {
  await db.insert(messages).values({
    workspaceId,
    conversationId: x.conversationId,
    contactId: x.contactId,
    channelId: x.channelId,
    direction: x.senderType === 'customer' ? 'in' : 'out',
    senderType: x.senderType,
    type: 'text',
    text: x.text,
    content: { text: x.text },
    status: x.senderType === 'customer' ? 'received' : 'sent',
    createdAt: x.at,
    arrivedAt: x.at,
  });
}

export async function seedSession(
  db: Db,
  workspaceId: string,
  x: { contactId: string; channelId: string; startedAt: Date; endedAt: Date; hadAgent?: boolean; messageCount?: number },
): Promise<string> {
  const [row] = await db
    .insert(contactSessions)
    .values({ workspaceId, ...x, hadAgent: x.hadAgent ?? false, messageCount: x.messageCount ?? 2 })
    .returning({ id: contactSessions.id });
  return row!.id;
}

export async function seedGoal(db: Db, workspaceId: string, x: { contactId: string; conversationId: string; name: string; at: Date }) {
  await db
    .insert(goalCompletions)
    .values({ workspaceId, contactId: x.contactId, conversationId: x.conversationId, name: x.name, completedAt: x.at });
}

/** A campaign (no template: only its name and status matter here) and this contact as one of its recipients. */
export async function seedCampaignDelivery(
  db: Db,
  workspaceId: string,
  x: { contactId: string; name: string; status: 'sent' | 'delivered' | 'read' | 'failed'; at: Date; reason?: string },
): Promise<string> {
  const [campaign] = await db
    .insert(campaigns)
    .values({ workspaceId, name: x.name, status: 'done', createdAt: x.at, updatedAt: x.at })
    .returning({ id: campaigns.id });
  await db.insert(campaignRecipients).values({
    workspaceId,
    campaignId: campaign!.id,
    contactId: x.contactId,
    phone: '+5511999990000',
    rowNo: 1,
    values: { body: [] },
    status: x.status,
    reason: x.reason ?? null,
    sentAt: x.at,
    deliveredAt: x.status === 'delivered' || x.status === 'read' ? x.at : null,
    readAt: x.status === 'read' ? x.at : null,
    failedAt: x.status === 'failed' ? x.at : null,
    updatedAt: x.at,
  });
  return campaign!.id;
}
