// The campaigns one contact received, with their delivery status, for the contact's profile (read through the
// composition root: contacts cannot import this module, which imports it).
import type { ContactCampaignItem } from '@parley/contracts';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { campaignRecipients, campaigns } from './tables';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function contactCampaignsOf(db: Db, workspaceId: string, contactId: string, limit: number): Promise<ContactCampaignItem[]> {
  const rows = await db
    .select({ r: campaignRecipients, name: campaigns.name, campaignStatus: campaigns.status })
    .from(campaignRecipients)
    .innerJoin(campaigns, and(eq(campaigns.workspaceId, campaignRecipients.workspaceId), eq(campaigns.id, campaignRecipients.campaignId)))
    .where(and(eq(campaignRecipients.workspaceId, workspaceId), eq(campaignRecipients.contactId, contactId)))
    .orderBy(desc(campaignRecipients.updatedAt), desc(campaignRecipients.id))
    .limit(limit);
  return rows.map(({ r, name, campaignStatus }) => ({
    campaignId: r.campaignId,
    name,
    campaignStatus,
    status: r.status,
    reason: r.reason,
    sentAt: iso(r.sentAt),
    deliveredAt: iso(r.deliveredAt),
    readAt: iso(r.readAt),
    failedAt: iso(r.failedAt),
    updatedAt: r.updatedAt.toISOString(),
  }));
}
