CREATE TABLE "object_hours" (
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"class" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"frames_with" bigint NOT NULL,
	"count_sum" bigint NOT NULL,
	"count_max" integer NOT NULL,
	CONSTRAINT "object_hours_stream_id_model_class_hour_pk" PRIMARY KEY("stream_id","model","class","hour")
);
--> statement-breakpoint
CREATE TABLE "stream_hours" (
	"stream_id" text NOT NULL,
	"model" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"frames" bigint NOT NULL,
	"first_window" timestamp with time zone NOT NULL,
	"last_window" timestamp with time zone NOT NULL,
	CONSTRAINT "stream_hours_stream_id_model_hour_pk" PRIMARY KEY("stream_id","model","hour")
);
