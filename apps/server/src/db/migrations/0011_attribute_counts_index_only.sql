DROP INDEX "contact_attribute_values_text_lower_idx";--> statement-breakpoint
DROP INDEX "contact_attribute_values_text_idx";--> statement-breakpoint
DROP INDEX "contact_attribute_values_number_idx";--> statement-breakpoint
DROP INDEX "contact_attribute_values_date_idx";--> statement-breakpoint
DROP INDEX "contact_attribute_values_bool_idx";--> statement-breakpoint
ALTER TABLE "contact_attribute_values" ADD COLUMN "value_lower" text GENERATED ALWAYS AS (lower(value_text)) STORED;--> statement-breakpoint
CREATE INDEX "contact_attribute_values_lower_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_lower","contact_id");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_text_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_text","contact_id");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_number_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_number","contact_id");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_date_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_date","contact_id");--> statement-breakpoint
CREATE INDEX "contact_attribute_values_bool_idx" ON "contact_attribute_values" USING btree ("workspace_id","key","value_bool","contact_id");