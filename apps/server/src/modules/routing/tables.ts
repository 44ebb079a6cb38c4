import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, uniqueIndex, uuid, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../db/columns';

/**
 * A group of agents that conversations queue for. Deleted ones are kept (soft delete) so history that names them
 * still resolves; a name is unique, case-insensitively, among the live ones of a workspace.
 */
export const skillsets = pgTable(
  'skillsets',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** Higher is served first; null is normal. */
    priority: integer('priority'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('skillsets_live_name_key')
      .on(t.workspaceId, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const skillsetMembers = pgTable(
  'skillset_members',
  {
    workspaceId: uuid('workspace_id').notNull(),
    skillsetId: uuid('skillset_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.skillsetId, t.userId] }),
    // "Which skillsets is this agent in?" — assignment asks it whenever an agent frees up.
    index('skillset_members_user_idx').on(t.workspaceId, t.userId),
  ],
);

export type Availability = 'online' | 'away' | 'offline';

/**
 * A staff user's routing state, created the first time it changes (no row: offline, the workspace's default
 * limit). Assignment takes this row FOR UPDATE before giving the agent a conversation, so every capacity check
 * of one agent is serialised, on every node. Open conversations are counted from `conversations`, never kept
 * as a counter that could drift.
 */
export const routingAgents = pgTable(
  'routing_agents',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    availability: text('availability').$type<Availability>().notNull().default('offline'),
    availabilityChangedAt: timestamptz('availability_changed_at'),
    /** Null: the workspace default. */
    maxOpen: integer('max_open'),
    /** Ties between equally loaded agents go to the one idle longest. */
    lastAssignedAt: timestamptz('last_assigned_at'),
    /** When the agent's last desk connection went away (null while one is live): offline after the grace period. */
    presenceLostAt: timestamptz('presence_lost_at'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index('routing_agents_online_idx')
      .on(t.workspaceId, t.userId)
      .where(sql`${t.availability} = 'online'`),
  ],
);

/**
 * Live desk connections (WebSockets), one row each, kept alive by their process's heartbeat: presence that
 * holds across processes, and that a crashed process's connections lose when their lease runs out.
 */
export const routingAgentConnections = pgTable(
  'routing_agent_connections',
  {
    workspaceId: uuid('workspace_id').notNull(),
    userId: uuid('user_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    seenAt: timestamptz('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.connectionId] }), index('routing_agent_connections_seen_idx').on(t.seenAt)],
);

export interface StoredRoutingSettings {
  queueMessage: string;
  assignedMessage: string;
  defaultMaxOpen: number;
  presenceGraceSeconds: number;
  reservationTimeoutSeconds: number;
}

export const routingSettingsTable = pgTable('routing_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  settings: jsonb('settings').$type<StoredRoutingSettings>().notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

/**
 * Customer notices already sent ("you are in the queue", "you are talking to …"), one per waiting spell or
 * assignment (`at` is its waitingSince / assignedAt): a job that runs twice sends each once.
 */
export const routingNotices = pgTable(
  'routing_notices',
  {
    workspaceId: uuid('workspace_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    kind: text('kind').$type<'queued' | 'assigned'>().notNull(),
    at: timestamptz('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId, t.kind, t.at] })],
);
