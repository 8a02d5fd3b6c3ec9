CREATE TABLE "rollup_dirty_hours" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_series_spans" (
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"bucket_seconds" integer NOT NULL,
	"first_bucket" timestamp with time zone NOT NULL,
	CONSTRAINT "rollup_series_spans_stream_id_model_bucket_seconds_pk" PRIMARY KEY("stream_id","model","bucket_seconds")
);
--> statement-breakpoint
CREATE TABLE "rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"lookback_start" timestamp with time zone NOT NULL,
	"lookback_end" timestamp with time zone NOT NULL,
	"definition" text NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
