import { boolean, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../db/columns';

export const DEFAULT_TIMEOUT_MS = 5000;
export const MAX_TIMEOUT_MS = 10_000;

/** A workspace's external bot: where each customer message is POSTed, and what to say when that fails. */
export const externalBotSettings = pgTable('external_bot_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  url: text('url').notNull(),
  /** The HMAC signing secret, sealed with the install's key like channel secrets; never returned by the API. */
  sealedSecret: text('sealed_secret').notNull(),
  timeoutMs: integer('timeout_ms').notNull().default(DEFAULT_TIMEOUT_MS),
  fallbackReply: text('fallback_reply').notNull(),
  /** An admin's explicit opt-in to call loopback / private / link-local addresses (an on-premises bot). */
  allowPrivateNetwork: boolean('allow_private_network').notNull().default(false),
  updatedAt: timestamptz('updated_at').notNull(),
});

export type ExternalBotOutcome = 'applied' | 'fallback' | 'skipped';

/**
 * One row per customer message the external bot handled: the marker that makes the job idempotent (inserted in the
 * transaction that applies the answer, so a re-run never sends twice) and the log of what happened and why.
 */
export const externalBotDeliveries = pgTable(
  'external_bot_deliveries',
  {
    workspaceId: uuid('workspace_id').notNull(),
    messageId: uuid('message_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    outcome: text('outcome').$type<ExternalBotOutcome>().notNull(),
    reason: text('reason'),
    httpStatus: integer('http_status'),
    latencyMs: integer('latency_ms'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageId] })],
);
