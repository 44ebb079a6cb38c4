-- The contacts list's fuzzy search (trigram index and operators). PGlite loads the extension at open.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "webchat_messages" (
	"workspace_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"visitor_id" text NOT NULL,
	"key" text NOT NULL,
	"direction" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"seq" bigserial NOT NULL,
	CONSTRAINT "webchat_messages_workspace_id_channel_id_visitor_id_key_pk" PRIMARY KEY("workspace_id","channel_id","visitor_id","key")
);
--> statement-breakpoint
CREATE TABLE "attribute_definitions" (
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"options" text[],
	"agent_editable" boolean DEFAULT false NOT NULL,
	"top_property" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attribute_definitions_workspace_id_key_pk" PRIMARY KEY("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "contact_attribute_values" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value_text" text,
	"value_number" double precision,
	"value_date" date,
	"value_bool" boolean,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_attribute_values_workspace_id_contact_id_key_pk" PRIMARY KEY("workspace_id","contact_id","key")
);
--> statement-breakpoint
CREATE TABLE "goal_completions" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"contact_id" uuid NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "goal_completions_workspace_id_conversation_id_name_pk" PRIMARY KEY("workspace_id","conversation_id","name")
);
--> statement-breakpoint
CREATE TABLE "segment_members" (
	"workspace_id" uuid NOT NULL,
	"segment_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	CONSTRAINT "segment_members_workspace_id_segment_id_contact_id_pk" PRIMARY KEY("workspace_id","segment_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"definition" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "segments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "routing_agent_connections" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "routing_agent_connections_workspace_id_user_id_connection_id_pk" PRIMARY KEY("workspace_id","user_id","connection_id")
);
--> statement-breakpoint
CREATE TABLE "routing_agents" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"availability" text DEFAULT 'offline' NOT NULL,
	"availability_changed_at" timestamp with time zone,
	"max_open" integer,
	"last_assigned_at" timestamp with time zone,
	"presence_lost_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "routing_agents_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "routing_notices" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "routing_notices_workspace_id_conversation_id_kind_at_pk" PRIMARY KEY("workspace_id","conversation_id","kind","at")
);
--> statement-breakpoint
CREATE TABLE "routing_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skillset_members" (
	"workspace_id" uuid NOT NULL,
	"skillset_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "skillset_members_workspace_id_skillset_id_user_id_pk" PRIMARY KEY("workspace_id","skillset_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "skillsets" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"priority" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "skillsets_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bot_conversation_states" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bot_conversation_states_workspace_id_conversation_id_pk" PRIMARY KEY("workspace_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "bot_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"personality" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "external_bot_deliveries" (
	"workspace_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"http_status" integer,
	"latency_ms" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "external_bot_deliveries_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "external_bot_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"sealed_secret" text NOT NULL,
	"timeout_ms" integer DEFAULT 5000 NOT NULL,
	"fallback_reply" text NOT NULL,
	"allow_private_network" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "timezone" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "location" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "is_group" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "opted_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(channel_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "sort_name" text GENERATED ALWAYS AS (lower(coalesce(nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), channel_name, ''))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "waiting_skillset_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "reserved_for_user_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "reservation_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "queue_order" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "webchat_messages_by_visitor" ON "webchat_messages" USING btree ("workspace_id","channel_id","visitor_id","seq");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_text_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_text");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_text_lower_idx" ON "contact_attribute_values" USING btree ("workspace_id","key",lower("value_text"));--> statement-breakpoint
CREATE INDEX "contact_attribute_values_number_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_number");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_date_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_date");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_bool_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_bool");--> statement-breakpoint
CREATE INDEX "goal_completions_contact_idx" ON "goal_completions" USING btree ("workspace_id","contact_id","completed_at");--> statement-breakpoint
CREATE INDEX "segment_members_contact_idx" ON "segment_members" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "segments_name_key" ON "segments" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "routing_agent_connections_seen_idx" ON "routing_agent_connections" USING btree ("seen_at");--> statement-breakpoint
CREATE INDEX "routing_agents_online_idx" ON "routing_agents" USING btree ("workspace_id","user_id") WHERE "routing_agents"."availability" = 'online';--> statement-breakpoint
CREATE INDEX "skillset_members_user_idx" ON "skillset_members" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "skillsets_live_name_key" ON "skillsets" USING btree ("workspace_id",lower("name")) WHERE "skillsets"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_created_idx" ON "contacts" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "contacts_last_active_idx" ON "contacts" USING btree ("workspace_id",coalesce("last_active_at", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "contacts_sort_name_idx" ON "contacts" USING btree ("workspace_id","sort_name","id");--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_tags_idx" ON "contacts" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "contacts_status_idx" ON "contacts" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "conversations_assignee_idx" ON "conversations" USING btree ("workspace_id","assignee_id") WHERE "conversations"."state" = 'assigned';--> statement-breakpoint
CREATE INDEX "conversations_queue_idx" ON "conversations" USING btree ("workspace_id","waiting_skillset_id","waiting_since") WHERE "conversations"."state" = 'waiting';