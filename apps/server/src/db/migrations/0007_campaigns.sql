CREATE TABLE "campaign_audience" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"phone" text,
	"name" text,
	"contact_id" uuid,
	"cells" jsonb,
	"removed" boolean DEFAULT false NOT NULL,
	CONSTRAINT "campaign_audience_workspace_id_campaign_id_row_no_pk" PRIMARY KEY("workspace_id","campaign_id","row_no")
);
--> statement-breakpoint
CREATE TABLE "campaign_recipients" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"row_no" integer NOT NULL,
	"values" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone,
	"message_id" uuid,
	"provider_message_id" text,
	"error_code" integer,
	"reason" text,
	"sending_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_recipients_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "campaign_senders" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"messages_per_second" integer DEFAULT 80 NOT NULL,
	"daily_limit" integer DEFAULT 1000,
	"next_slot_at" timestamp with time zone,
	"paused_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"channel_id" uuid,
	"template_id" uuid,
	"mode" text DEFAULT 'immediate' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"include_active" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"audience_source" text,
	"segment_id" uuid,
	"audience_file" jsonb,
	"variables" jsonb,
	"interactive" jsonb,
	"retarget_of" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "campaigns_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"waba_id" text NOT NULL,
	"provider_template_id" text,
	"name" text NOT NULL,
	"language" text NOT NULL,
	"category" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone,
	CONSTRAINT "message_templates_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_recipients_contact_key" ON "campaign_recipients" USING btree ("workspace_id","campaign_id","contact_id");--> statement-breakpoint
CREATE INDEX "campaign_recipients_claim_idx" ON "campaign_recipients" USING btree ("campaign_id","status","not_before");--> statement-breakpoint
CREATE INDEX "campaign_recipients_list_idx" ON "campaign_recipients" USING btree ("workspace_id","campaign_id","row_no");--> statement-breakpoint
CREATE INDEX "campaign_recipients_provider_idx" ON "campaign_recipients" USING btree ("provider_message_id") WHERE "campaign_recipients"."provider_message_id" is not null;--> statement-breakpoint
CREATE INDEX "campaigns_list_idx" ON "campaigns" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_due_idx" ON "campaigns" USING btree ("scheduled_at") WHERE "campaigns"."status" = 'scheduled';--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_name_key" ON "message_templates" USING btree ("workspace_id","waba_id","name","language");--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_provider_key" ON "message_templates" USING btree ("workspace_id","provider_template_id");