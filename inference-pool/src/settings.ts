import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { defineSetting, defineSettings, type SettingsOf, userCacheDir } from "@streamlens/core";
import { z } from "zod";
import { BUILTIN_MODELS, DEFAULT_MODEL } from "./models/catalog.ts";
import { modelRef } from "./models/spec.ts";
import { EXECUTION_PROVIDERS } from "./runtime/session.ts";

/** A built-in name, name@version, or an existing .json model spec (read and validated on load). */
function isModelName(value: string): boolean {
  return (
    BUILTIN_MODELS.some((m) => m.name === value || modelRef(m) === value) ||
    (value.endsWith(".json") && existsSync(value))
  );
}

const int = () => z.coerce.number().int();

/** What the inference pool can be told, declared once. */
export const inferenceSettings = defineSettings("inference", {
  model: defineSetting({
    env: "STREAMLENS_MODEL",
    flag: "model",
    arg: "NAME",
    description: "the detector: a built-in model name, `name@version`, or the path of a model spec `.json`",
    schema: z
      .string()
      .min(1)
      .default(DEFAULT_MODEL)
      // Checked with the rest of the settings, so a typo stops the command at once (exit 2)
      // instead of after the broker or the sources have been started.
      .refine(isModelName, {
        error: (issue) =>
          `unknown model '${String(issue.input)}' (use one of ${BUILTIN_MODELS.map((m) => m.name).join(", ")}, or the path of a model spec .json file)`,
      }),
  }),
  modelsDirs: defineSetting({
    env: "STREAMLENS_DETECTOR_DIR",
    deprecatedEnv: [{ name: "STREAMLENS_MODELS_DIR" }],
    flag: "detector-dir",
    arg: "DIRS",
    shownDefault: "~/.cache/streamlens/models",
    description: "folders (`:`-separated) searched for detector model files; downloads go to the first",
    envDefault: (env) => join(userCacheDir(env), "models"),
    // A path list like PATH; code and tests may give the folders as an array.
    schema: z.preprocess(
      (paths) => (typeof paths === "string" ? paths.split(delimiter).filter(Boolean) : paths),
      z.array(z.string().min(1)).min(1),
    ),
  }),
  provider: defineSetting({
    env: "STREAMLENS_PROVIDER",
    deprecatedEnv: [{ name: "STREAMLENS_EXECUTION_PROVIDER" }],
    flag: "provider",
    arg: "EP",
    description:
      "`cpu`, `gpu` (the best that loads: TensorRT, CUDA, WebGPU), `webgpu`, `cuda` or `tensorrt`; falls back to CPU with one log line",
    schema: z.enum(EXECUTION_PROVIDERS).default("cpu"),
  }),
  intraOpThreads: defineSetting({
    env: "STREAMLENS_INTRA_OP_THREADS",
    flag: "threads",
    arg: "N",
    description: "ONNX Runtime threads per session; 0 = one per core",
    schema: int().min(0).max(256).default(0),
  }),
  sessions: defineSetting({
    env: "STREAMLENS_SESSIONS",
    flag: "sessions",
    arg: "N",
    shownDefault: "one per core (up to 4) on CPU, 0 on a GPU",
    description:
      "model sessions running frames side by side, each on its own thread; 0 = one, on the main thread",
    schema: int().min(0).max(64).optional(),
  }),
  maxBatch: defineSetting({
    env: "STREAMLENS_MAX_BATCH",
    flag: "batch",
    arg: "N",
    unit: "frames",
    description:
      "frames gathered per batch, across streams; a GPU runs them as one, CPU lanes frame by frame",
    schema: int().min(1).max(256).default(8),
  }),
  batchWaitMs: defineSetting({
    env: "STREAMLENS_BATCH_WAIT_MS",
    flag: "batch-wait",
    arg: "MS",
    unit: "ms",
    description: "how long a batch waits to fill once its first frame is in",
    schema: int().min(0).max(10_000).default(10),
  }),
  inflightBatches: defineSetting({
    env: "STREAMLENS_INFLIGHT_BATCHES",
    flag: "inflight-batches",
    arg: "N",
    description:
      "batches on the model at once (more keeps lanes and GPUs busy); detections still leave in frame order per stream",
    schema: int().min(1).max(16).default(2),
  }),
  preprocessThreads: defineSetting({
    env: "STREAMLENS_PREPROCESS_THREADS",
    flag: "preprocess-threads",
    arg: "N",
    description: "worker threads decoding and resizing frames; 0 = on the main thread",
    schema: int().min(0).max(64).default(0),
  }),
  scoreThreshold: defineSetting({
    env: "STREAMLENS_SCORE_THRESHOLD",
    flag: "score",
    arg: "X",
    shownDefault: "model's default",
    description: "detection score threshold, 0.01 to 1; a stream's own (registry `score_threshold`) wins",
    schema: z.coerce.number().min(0.01).max(1).optional(),
  }),
  iouThreshold: defineSetting({
    env: "STREAMLENS_IOU_THRESHOLD",
    flag: "iou",
    arg: "X",
    description: "overlap above which non-maximum suppression keeps one box of a class, 0.01 to 1",
    schema: z.coerce.number().min(0.01).max(1).default(0.45),
  }),
  maxFrameAgeMs: defineSetting({
    env: "STREAMLENS_MAX_FRAME_AGE_MS",
    flag: "max-frame-age",
    arg: "MS",
    unit: "ms",
    description: "live frames waiting longer are dropped and counted; recordings never age; 0 = off",
    schema: int().min(0).default(30_000),
  }),
  snapshotIntervalMs: defineSetting({
    env: "STREAMLENS_SNAPSHOT_INTERVAL_MS",
    flag: "snapshot-interval",
    arg: "MS",
    unit: "ms",
    description: "frame time between two snapshots of a stream; 0 = none",
    schema: int().min(0).default(10_000),
  }),
  // Tuned in code and tests, not by operators: no variable, no flag.
  /** How often the frames dropped for age are logged, one line per stream. */
  dropLogIntervalMs: defineSetting({
    description: "drop log interval",
    schema: int().min(100).default(10_000),
  }),
  /** Deliveries after the first before an undecodable frame goes to the dead-letter topic. */
  maxRedeliveries: defineSetting({ description: "redeliveries", schema: int().min(1).max(100).default(3) }),
});

export const inferenceConfigSchema = inferenceSettings.schema;
export type InferenceConfig = SettingsOf<typeof inferenceSettings>;
