CREATE TABLE "media_files" (
	"workspace_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"provider_media_id" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text,
	"bytes" "bytea" NOT NULL,
	"downloaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "media_files_workspace_id_channel_id_provider_media_id_pk" PRIMARY KEY("workspace_id","channel_id","provider_media_id")
);
