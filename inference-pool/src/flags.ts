import { definedOnly } from "@streamlens/core";

/** The command-line flags of inference settings, shared by `bun run inference` and `bun run pipeline`. */
export const INFERENCE_FLAGS = {
  model: { type: "string" },
  score: { type: "string" },
  provider: { type: "string" },
  batch: { type: "string" },
} as const;

export const INFERENCE_FLAGS_USAGE = `  --model NAME         yolox-nano (default), picodet-xs, fastestdet, or a model spec .json
  --score X            detection score threshold, 0.01..1 (default 0.5)
  --provider EP        cpu (default), cuda or tensorrt (falls back to cpu)
  --batch N            frames per inference batch, across streams (default 8)`;

type Values = Partial<Record<keyof typeof INFERENCE_FLAGS, string>>;

/** Flag values as inference settings (validated by inferenceConfigSchema). */
export function inferenceFlagSettings(values: Values) {
  return definedOnly({
    model: values.model,
    scoreThreshold: values.score,
    provider: values.provider,
    maxBatch: values.batch,
  });
}
