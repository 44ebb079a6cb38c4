// How two contacts' own columns combine in a merge: standard fields by winner, the rest by rule.
import { mergeFields, type MergeContactsRequest, type MergeField, type MergeSide } from '@parley/contracts';
import type { contacts } from '../tables';

type ContactRow = typeof contacts.$inferSelect;
export type ContactUpdate = Partial<typeof contacts.$inferInsert>;

const latest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);
const earliest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a < b ? a : b);

/** The side each standard field comes from: the one asked for, else this contact's unless it has none. */
export function fieldWinners(self: ContactRow, other: ContactRow, asked: MergeContactsRequest['winners']): Record<MergeField, MergeSide> {
  const out = {} as Record<MergeField, MergeSide>;
  for (const f of mergeFields) out[f] = asked?.fields?.[f] ?? (self[f] === null && other[f] !== null ? 'other' : 'this');
  return out;
}

/** The survivor's new row: fields by winner, tags united, statistics added up, flags that protect the customer kept. */
export function mergedContact(self: ContactRow, other: ContactRow, winners: Record<MergeField, MergeSide>, now: Date): ContactUpdate {
  const pick = <K extends MergeField>(f: K) => (winners[f] === 'other' ? other[f] : self[f]);
  const fromSource = winners.source === 'other' ? other : self;
  const lastMessageFromOther = (other.lastMessageAt?.getTime() ?? 0) > (self.lastMessageAt?.getTime() ?? 0);
  return {
    firstName: pick('firstName'),
    lastName: pick('lastName'),
    channelName: pick('channelName'),
    email: pick('email'),
    phone: pick('phone'),
    gender: pick('gender'),
    language: pick('language'),
    timezone: pick('timezone'),
    location: pick('location'),
    country: pick('country'),
    device: pick('device'),
    status: pick('status'),
    // The ad referral belongs to the source it explains.
    source: fromSource.source,
    referral: fromSource.referral,
    isGroup: self.isGroup || other.isGroup,
    tags: [...new Set([...self.tags, ...other.tags])],
    // An opt-out, a pause or an infinite session asked by either stays: merging must not undo a customer's choice.
    optedOutMarketing: self.optedOutMarketing || other.optedOutMarketing,
    optedOutAt: earliest(self.optedOutAt, other.optedOutAt),
    botPausedUntil: latest(self.botPausedUntil, other.botPausedUntil),
    infiniteSession: self.infiniteSession || other.infiniteSession,
    lastActiveAt: latest(self.lastActiveAt, other.lastActiveAt),
    lastMessageAt: latest(self.lastMessageAt, other.lastMessageAt),
    lastMessagePreview: lastMessageFromOther ? other.lastMessagePreview : self.lastMessagePreview,
    messagesFromCustomer: self.messagesFromCustomer + other.messagesFromCustomer,
    templateMessages: self.templateMessages + other.templateMessages,
    sessionMessages: self.sessionMessages + other.sessionMessages,
    unresolvedQueries: self.unresolvedQueries + other.unresolvedQueries,
    sessionsCount: self.sessionsCount + other.sessionsCount,
    clicks: self.clicks + other.clicks,
    timeSpentSeconds: self.timeSpentSeconds + other.timeSpentSeconds,
    sentimentSum: self.sentimentSum + other.sentimentSum,
    sentimentCount: self.sentimentCount + other.sentimentCount,
    liveChatTakeover: self.liveChatTakeover || other.liveChatTakeover,
    // The person has been known since the first of the two appeared.
    createdAt: earliest(self.createdAt, other.createdAt)!,
    updatedAt: now,
  };
}
