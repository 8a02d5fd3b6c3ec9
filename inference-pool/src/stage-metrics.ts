import { counterFrom, type MetricsRegistry } from "@streamlens/core";
import { Gauge, Histogram } from "prom-client";
import type { Detector } from "./detector.ts";
import type { InferenceStats } from "./worker.ts";

/**
 * The pool's counters on /metrics, read from the worker's own tallies when Prometheus scrapes;
 * returns what the worker calls after each batch (batch size and time per frame).
 */
export function registerInferenceMetrics(
  metrics: MetricsRegistry,
  stats: InferenceStats,
  detector: Pick<Detector, "ref" | "provider">,
) {
  // An info-style gauge: always 1, the provider and model in its labels (Prometheus' idiom for facts).
  new Gauge({
    name: "streamlens_inference_provider",
    help: "The execution provider the model runs on (after any fallback to CPU)",
    labelNames: ["provider", "model"],
    registers: [metrics],
  })
    .labels(detector.provider, detector.ref)
    .set(1);
  const counters: Array<[string, string, "received" | "processed" | "droppedOld" | "failed"]> = [
    ["frames_received", "Frames taken from the bus", "received"],
    ["frames_processed", "Frames whose detections were published", "processed"],
    [
      "frames_dropped",
      "Live frames skipped as older than maxFrameAgeMs (sent on as dropped records)",
      "droppedOld",
    ],
    ["errors", "Frames rejected (nacked; dead-lettered after the limit)", "failed"],
  ];
  for (const [name, help, key] of counters)
    counterFrom(metrics, `streamlens_inference_${name}_total`, help, () => stats[key]);
  counterFrom(
    metrics,
    "streamlens_inference_objects_total",
    "Objects detected, per class",
    () => Object.entries(stats.objects).map(([name, value]) => ({ labels: { class: name }, value })),
    ["class"],
  );
  const batchSize = new Histogram({
    name: "streamlens_inference_batch_size",
    help: "Frames per inference batch",
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [metrics],
  });
  const inferenceMs = new Histogram({
    name: "streamlens_inference_ms",
    help: "Model time per frame (session.run), ms",
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [metrics],
  });
  return (size: number, msPerFrame: number) => {
    batchSize.observe(size);
    for (let i = 0; i < size; i += 1) inferenceMs.observe(msPerFrame);
  };
}
