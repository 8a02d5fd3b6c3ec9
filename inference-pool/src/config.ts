import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { envString, userCacheDir } from "@streamlens/core";
import { z } from "zod";
import { BUILTIN_MODELS } from "./models/catalog.ts";
import { modelRef } from "./models/spec.ts";
import { EXECUTION_PROVIDERS } from "./runtime/session.ts";

/** A built-in name, name@version, or an existing .json model spec (read and validated on load). */
function isModelName(value: string): boolean {
  return (
    BUILTIN_MODELS.some((m) => m.name === value || modelRef(m) === value) ||
    (value.endsWith(".json") && existsSync(value))
  );
}

export const inferenceConfigSchema = z
  .object({
    /** A built-in model name, name@version, or the path of a model spec .json file. */
    model: z
      .string()
      .min(1)
      .default("yolox-nano")
      // Checked with the rest of the settings, so a typo stops the command at once (exit 2)
      // instead of after the broker or the sources have been started.
      .refine(isModelName, {
        error: (issue) =>
          `unknown model '${String(issue.input)}' (use one of ${BUILTIN_MODELS.map((m) => m.name).join(", ")}, or the path of a model spec .json file)`,
      }),
    /** Folders searched for model files; downloads go to the first. */
    modelsDirs: z.array(z.string().min(1)).min(1),
    /** cpu, gpu (the best that loads: tensorrt, cuda, webgpu), or one by name; falls back to cpu. */
    provider: z.enum(EXECUTION_PROVIDERS).default("cpu"),
    /** ONNX Runtime intra-op threads per session; 0 = one per core. */
    intraOpThreads: z.coerce.number().int().min(0).max(256).default(0),
    /** Frames gathered into one batch (across streams), at most. */
    maxBatch: z.coerce.number().int().min(1).max(256).default(8),
    /** How long a batch may wait to fill once its first frame is in. */
    batchWaitMs: z.coerce.number().int().min(0).max(10_000).default(10),
    /**
     * Batches run at once: more than one keeps a GPU busy while the previous batch's results
     * come back; detections still leave in frame order per stream.
     */
    inflightBatches: z.coerce.number().int().min(1).max(16).default(1),
    /** Worker threads decoding and resizing frames; 0 = on the main thread (libuv's pool). */
    preprocessThreads: z.coerce.number().int().min(0).max(64).default(0),
    scoreThreshold: z.coerce.number().min(0.01).max(1).default(0.5),
    iouThreshold: z.coerce.number().min(0.01).max(1).default(0.45),
    /**
     * Live frames waiting longer than this on the bus are skipped and counted as dropped; 0
     * keeps all. Frames of recordings are never dropped for age.
     */
    maxFrameAgeMs: z.coerce.number().int().min(0).default(30_000),
    /** How often the frames dropped for age are logged, one line per stream. */
    dropLogIntervalMs: z.coerce.number().int().min(100).default(10_000),
    /** Deliveries after the first before an undecodable frame goes to the dead-letter topic. */
    maxRedeliveries: z.coerce.number().int().min(1).max(100).default(3),
    /** Every this often per stream, the annotated frame goes to the snapshots topic; 0 = never. */
    snapshotIntervalMs: z.coerce.number().int().min(0).default(10_000),
  })
  .strict();

export type InferenceConfig = z.infer<typeof inferenceConfigSchema>;

/** STREAMLENS_MODELS_DIR is a path list (like PATH); the user cache is the default. */
export function modelsDirsFrom(env: Record<string, string | undefined>): string[] {
  const configured = envString(env, "STREAMLENS_MODELS_DIR");
  if (configured) return configured.split(delimiter).filter(Boolean);
  return [join(userCacheDir(env), "models")];
}

export function inferenceEnv(env: Record<string, string | undefined>) {
  return {
    model: envString(env, "STREAMLENS_MODEL"),
    modelsDirs: modelsDirsFrom(env),
    provider: envString(env, "STREAMLENS_EXECUTION_PROVIDER"),
    intraOpThreads: envString(env, "STREAMLENS_INTRA_OP_THREADS"),
    maxBatch: envString(env, "STREAMLENS_MAX_BATCH"),
    batchWaitMs: envString(env, "STREAMLENS_BATCH_WAIT_MS"),
    scoreThreshold: envString(env, "STREAMLENS_SCORE_THRESHOLD"),
    maxFrameAgeMs: envString(env, "STREAMLENS_MAX_FRAME_AGE_MS"),
    snapshotIntervalMs: envString(env, "STREAMLENS_SNAPSHOT_INTERVAL_MS"),
  };
}
