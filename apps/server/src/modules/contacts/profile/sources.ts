import type { ContactCampaignItem } from '@parley/contracts';
import type { Db } from '../../../platform/db';

// What the profile reads from modules that import this one (channels, conversations, campaigns): given by the composition
// root (apps/server/src/contact-sources.ts), never imported, so there is no cycle.

export interface SessionRecord {
  id: string;
  channelId: string;
  startedAt: Date;
  endedAt: Date;
  messageCount: number;
  hadAgent: boolean;
  botReplied: boolean;
}

export interface ConversationRecord {
  id: string;
  channelId: string;
  state: 'bot' | 'waiting' | 'assigned' | 'closed';
  openedAt: Date;
  closedAt: Date | null;
  closedReason: string | null;
  lastMessageAt: Date;
  lastCustomerText: string | null;
  hadAgent: boolean;
  messageCount: number;
}

export interface ChannelInfo {
  id: string;
  name: string;
  kind: 'whatsapp' | 'telegram' | 'webchat';
}

export interface ProfileSources {
  /** The workspace's channels (not removed ones). */
  channels(db: Db, workspaceId: string): Promise<ChannelInfo[]>;
  sessions(
    db: Db,
    workspaceId: string,
    contactId: string,
    q: { order: 'asc' | 'desc'; channelIds?: string[]; limit: number; after?: { endedAt: string; id: string } },
  ): Promise<SessionRecord[]>;
  conversations(
    db: Db,
    workspaceId: string,
    contactId: string,
    q: { limit: number; after?: { lastMessageAt: string; id: string } },
  ): Promise<ConversationRecord[]>;
  campaigns(db: Db, workspaceId: string, contactId: string, limit: number): Promise<ContactCampaignItem[]>;
  firstCustomerText(db: Db, workspaceId: string, contactId: string): Promise<string | null>;
}
