// GET /contacts/:id/profile: what the profile page shows beyond the contact record — channels and windows, where
// they came from (first-message tag), segments, goals, the picture and whether an agent may start a chat now.
import type { ContactProfile } from '@parley/contracts';
import { and, asc, desc, eq, max, min, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { notFound } from '../../../platform/errors';
import { loadAttributes, segmentCondition } from '../contact-selection';
import { attributeKeysOf, mentionsStatus } from '../filter-sql';
import { loadTagRules, matchFirstMessageTags } from '../first-message-tags';
import { windowOpenedBy } from '../identities';
import { contactIdentities, contacts, goalCompletions, segmentMembers, segments } from '../tables';
import { channelLabels } from './channel-names';
import { contactPictures } from './tables';
import type { ProfileSources } from './sources';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const MAX_GOALS = 100;

export async function getContactProfile(
  db: Db,
  sources: ProfileSources,
  workspaceId: string,
  contactId: string,
  now: Date,
): Promise<ContactProfile> {
  const [c] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!c) throw notFound('Contact');
  const [channels, picture, segmentList, goals, firstMessageTag, conversations] = await Promise.all([
    contactChannels(db, sources, workspaceId, contactId),
    db
      .select({ updatedAt: contactPictures.updatedAt })
      .from(contactPictures)
      .where(and(eq(contactPictures.workspaceId, workspaceId), eq(contactPictures.contactId, contactId)))
      .then((rows) => rows[0]),
    segmentsOf(db, workspaceId, c, now),
    db
      .select({ name: goalCompletions.name, conversationId: goalCompletions.conversationId, completedAt: goalCompletions.completedAt })
      .from(goalCompletions)
      .where(and(eq(goalCompletions.workspaceId, workspaceId), eq(goalCompletions.contactId, contactId)))
      .orderBy(desc(goalCompletions.completedAt))
      .limit(MAX_GOALS),
    firstTag(db, sources, workspaceId, contactId, c.tags),
    sources.conversations(db, workspaceId, contactId, { limit: 20 }),
  ]);
  return {
    id: c.id,
    fields: {
      gender: c.gender,
      language: c.language,
      timezone: c.timezone,
      location: c.location,
      country: c.country,
      device: c.device,
      isGroup: c.isGroup,
    },
    picture: picture
      ? { url: `/api/v1/contacts/${c.id}/picture?v=${picture.updatedAt.getTime()}`, updatedAt: picture.updatedAt.toISOString() }
      : null,
    channels,
    firstMessageTag,
    segments: segmentList,
    goals: goals.map((g) => ({ ...g, completedAt: g.completedAt.toISOString() })),
    startChat: startChat(channels, conversations, now),
  };
}

type ChannelEntry = ContactProfile['channels'][number];

async function contactChannels(db: Db, sources: ProfileSources, workspaceId: string, contactId: string): Promise<ChannelEntry[]> {
  const rows = await db
    .select({
      channelId: contactIdentities.channelId,
      firstSeenAt: min(contactIdentities.createdAt),
      lastInboundAt: max(contactIdentities.lastInboundAt),
    })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.contactId, contactId)))
    .groupBy(contactIdentities.channelId)
    .orderBy(asc(min(contactIdentities.createdAt)));
  const label = await channelLabels(sources, db, workspaceId);
  return rows.map((r) => {
    const { name, kind } = label(r.channelId);
    // Aggregates come back as text on some drivers.
    const last = r.lastInboundAt ? new Date(r.lastInboundAt) : null;
    return {
      channelId: r.channelId,
      name,
      kind,
      firstSeenAt: new Date(r.firstSeenAt ?? 0).toISOString(),
      lastInboundAt: iso(last),
      // Only WhatsApp limits free-form messages to 24 hours after the customer's last message.
      windowClosesAt: kind === 'whatsapp' && last ? windowOpenedBy(last).toISOString() : null,
    };
  });
}

/**
 * Static segments listing the contact and dynamic ones whose conditions match now — evaluated in one statement.
 * Like the segment's list and count, an archived contact belongs only where a segment's conditions name `status`.
 */
async function segmentsOf(db: Db, workspaceId: string, c: typeof contacts.$inferSelect, now: Date): Promise<ContactProfile['segments']> {
  const all = await db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).orderBy(asc(segments.name));
  const candidates = all.filter((s) => c.status === 'active' || (s.kind === 'dynamic' && mentionsStatus(s.definition)));
  if (candidates.length === 0) return [];
  const attributes = await loadAttributes(
    db,
    workspaceId,
    candidates.flatMap((s) => attributeKeysOf(s.definition)),
  );
  const columns = candidates.map(
    (s, i) =>
      sql`${
        s.kind === 'static'
          ? sql`exists (select 1 from ${segmentMembers} where ${segmentMembers.workspaceId} = ${workspaceId} and ${segmentMembers.segmentId} = ${s.id} and ${segmentMembers.contactId} = ${c.id})`
          : segmentCondition(s, attributes, now)
      } as ${sql.identifier(`s${i}`)}`,
  );
  const result = await db.execute(
    sql`select ${sql.join(columns, sql`, `)} from ${contacts} where ${contacts.workspaceId} = ${workspaceId} and ${contacts.id} = ${c.id}`,
  );
  const row = ((result as { rows?: Array<Record<string, unknown>> }).rows ?? [])[0] ?? {};
  return candidates.filter((_, i) => row[`s${i}`] === true).map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
}

/** The tag their first message earned under today's rules (the one they still carry, when several match). */
async function firstTag(db: Db, sources: ProfileSources, workspaceId: string, contactId: string, tags: string[]): Promise<string | null> {
  const text = await sources.firstCustomerText(db, workspaceId, contactId);
  if (!text) return null;
  const matched = matchFirstMessageTags(await loadTagRules(db, workspaceId), text);
  return matched.find((t) => tags.includes(t)) ?? matched[0] ?? null;
}

/**
 * Start chat: the newest open conversation on a channel where the agent may write free-form now (WhatsApp: inside
 * the 24-hour window; Telegram and the website chat have none). Otherwise say why, so the page offers a template.
 */
function startChat(
  channels: ChannelEntry[],
  conversations: Awaited<ReturnType<ProfileSources['conversations']>>,
  now: Date,
): ContactProfile['startChat'] {
  const byId = new Map(channels.map((ch) => [ch.channelId, ch]));
  const writable = (channelId: string) => {
    const ch = byId.get(channelId);
    if (!ch?.kind) return false;
    return ch.kind !== 'whatsapp' || (ch.windowClosesAt !== null && new Date(ch.windowClosesAt) > now);
  };
  const open = conversations.filter((c) => c.state !== 'closed');
  const target = open.find((c) => writable(c.channelId));
  if (target) {
    return {
      available: true,
      conversationId: target.id,
      channelId: target.channelId,
      windowClosesAt: byId.get(target.channelId)?.windowClosesAt ?? null,
      reason: null,
    };
  }
  // An open conversation waits behind a closed window: a template reopens it. No open conversation at all: one
  // starts when the customer writes (or a template reaches them).
  const blocked = open[0] && byId.get(open[0].channelId);
  const anyWritable = channels.some((ch) => writable(ch.channelId));
  const whatsapp = blocked ?? channels.find((ch) => ch.kind === 'whatsapp');
  return {
    available: false,
    conversationId: null,
    channelId: whatsapp?.channelId ?? channels[0]?.channelId ?? null,
    windowClosesAt: whatsapp?.windowClosesAt ?? null,
    reason: blocked || !anyWritable ? 'window_closed' : 'no_open_conversation',
  };
}
