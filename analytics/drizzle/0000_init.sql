CREATE TABLE "object_stats" (
	"stream_id" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL,
	"model" text NOT NULL,
	"class" text NOT NULL,
	"frames" integer NOT NULL,
	"frames_with" integer NOT NULL,
	"count_sum" integer NOT NULL,
	"count_min" integer NOT NULL,
	"count_max" integer NOT NULL,
	"count_sum_sq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "object_stats_stream_id_window_start_model_class_pk" PRIMARY KEY("stream_id","window_start","model","class")
);
--> statement-breakpoint
CREATE TABLE "processed_frames" (
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"seq" bigint NOT NULL,
	"frame_ts" timestamp with time zone NOT NULL,
	"objects" integer NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_frames_stream_id_model_seq_pk" PRIMARY KEY("stream_id","model","seq")
);
--> statement-breakpoint
CREATE TABLE "stat_windows" (
	"stream_id" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL,
	"model" text NOT NULL,
	"frames" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stat_windows_stream_id_window_start_model_pk" PRIMARY KEY("stream_id","window_start","model")
);
--> statement-breakpoint
CREATE INDEX "object_stats_window_idx" ON "object_stats" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "object_stats_class_idx" ON "object_stats" USING btree ("class","window_start");--> statement-breakpoint
CREATE INDEX "processed_frames_ts_idx" ON "processed_frames" USING btree ("frame_ts");--> statement-breakpoint
CREATE INDEX "stat_windows_window_idx" ON "stat_windows" USING btree ("window_start");