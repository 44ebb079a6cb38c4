ALTER TABLE "inbound_events" ADD COLUMN "order_key" text;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
CREATE INDEX "inbound_events_pending_by_key" ON "inbound_events" USING btree ("workspace_id","order_key","seq") WHERE "inbound_events"."processed_at" is null;