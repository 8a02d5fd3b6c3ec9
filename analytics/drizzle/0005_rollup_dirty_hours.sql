CREATE TABLE "rollup_dirty_hours" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"lookback_start" timestamp with time zone NOT NULL,
	"lookback_end" timestamp with time zone NOT NULL,
	"definition" text NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
