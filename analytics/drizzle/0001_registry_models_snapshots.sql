CREATE TABLE "model_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"model" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"rows" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "object_timeseries" (
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"class" text NOT NULL,
	"bucket_seconds" integer NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"frames" bigint NOT NULL,
	"frames_with" bigint NOT NULL,
	"count_sum" bigint NOT NULL,
	"count_max" integer NOT NULL,
	"mean" double precision NOT NULL,
	CONSTRAINT "object_timeseries_stream_id_model_class_bucket_seconds_bucket_start_pk" PRIMARY KEY("stream_id","model","class","bucket_seconds","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "overall_object_rankings" (
	"model" text NOT NULL,
	"class" text NOT NULL,
	"rank" integer NOT NULL,
	"streams" integer NOT NULL,
	"frames" bigint NOT NULL,
	"frames_with" bigint NOT NULL,
	"count_sum" bigint NOT NULL,
	"mean" double precision NOT NULL,
	CONSTRAINT "overall_object_rankings_model_class_pk" PRIMARY KEY("model","class")
);
--> statement-breakpoint
CREATE TABLE "stream_info" (
	"stream_id" text PRIMARY KEY NOT NULL,
	"title" text,
	"channel" text,
	"thumbnail_url" text,
	"live" boolean,
	"started_at" timestamp with time zone,
	"duration_s" double precision,
	"width" integer,
	"height" integer,
	"fps" double precision,
	"codec" text,
	"format" text,
	"resolved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_object_rankings" (
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"class" text NOT NULL,
	"rank" integer NOT NULL,
	"frames" bigint NOT NULL,
	"frames_with" bigint NOT NULL,
	"count_sum" bigint NOT NULL,
	"mean" double precision NOT NULL,
	"presence" double precision NOT NULL,
	CONSTRAINT "stream_object_rankings_stream_id_model_class_pk" PRIMARY KEY("stream_id","model","class")
);
--> statement-breakpoint
CREATE TABLE "stream_snapshots" (
	"stream_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"frame_ts" timestamp with time zone NOT NULL,
	"model" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"jpeg" "bytea" NOT NULL,
	"objects" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_totals" (
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"frames" bigint NOT NULL,
	"count_sum" bigint NOT NULL,
	"mean_objects" double precision NOT NULL,
	"first_window" timestamp with time zone NOT NULL,
	"last_window" timestamp with time zone NOT NULL,
	CONSTRAINT "stream_totals_stream_id_model_pk" PRIMARY KEY("stream_id","model")
);
--> statement-breakpoint
CREATE TABLE "video_rankings" (
	"model" text NOT NULL,
	"stream_id" text NOT NULL,
	"rank" integer NOT NULL,
	"frames" bigint NOT NULL,
	"count_sum" bigint NOT NULL,
	"mean_objects" double precision NOT NULL,
	"top_classes" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "video_rankings_model_stream_id_pk" PRIMARY KEY("model","stream_id")
);
--> statement-breakpoint
CREATE TABLE "video_streams" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"label" text NOT NULL,
	"title" text,
	"active" boolean DEFAULT true NOT NULL,
	"fps" real DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'idle' NOT NULL,
	"last_frame_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "model_runs_model_idx" ON "model_runs" USING btree ("model","started_at");--> statement-breakpoint
CREATE INDEX "object_timeseries_bucket_idx" ON "object_timeseries" USING btree ("stream_id","bucket_seconds","bucket_start");--> statement-breakpoint
CREATE INDEX "stream_object_rankings_class_idx" ON "stream_object_rankings" USING btree ("class");--> statement-breakpoint
CREATE INDEX "video_streams_active_idx" ON "video_streams" USING btree ("active");