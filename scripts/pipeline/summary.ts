import type { RunTally, SinkStats } from "@streamlens/analytics";
import type { InferenceStats } from "@streamlens/inference-pool";
import type { StreamStatus } from "@streamlens/ingest";

export interface StreamSummary {
  id: string;
  source: string;
  state: string;
  frames: number;
  dropped: number;
  restarts: number;
  error?: { code: string; message: string };
}

/** The pipeline's result; `--json` prints exactly this object. */
export interface PipelineSummary {
  frames: number;
  processed: number;
  dropped: number;
  seconds: number;
  fps: number;
  model: string;
  /** The execution provider the model ran on (after any fallback to CPU). */
  provider: string;
  windows: number;
  detections: Record<string, number>;
  frames_with: Record<string, number>;
  failed: number;
  streams: StreamSummary[];
  /** The SQL rollups refreshed at the end: name → ok | failed | skipped (the key predates the rename). */
  models: Record<string, string>;
}

const sortedByCount = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));

export function buildSummary(input: {
  streams: StreamStatus[];
  inference: InferenceStats;
  sink: SinkStats;
  tally: RunTally;
  model: string;
  provider: string;
  /** The whole run, start-up (database, model) included. */
  seconds: number;
  /** From the first frame read until the last was written: what `fps` is measured over. */
  processingSeconds: number;
  models: Array<{ model: string; status: string }>;
}): PipelineSummary {
  const { streams, inference, sink, tally } = input;
  const seconds = Math.round(input.seconds * 100) / 100;
  return {
    frames: streams.reduce((n, s) => n + s.framesRead, 0),
    processed: inference.processed,
    dropped: streams.reduce((n, s) => n + s.framesDropped, 0) + inference.droppedOld,
    seconds,
    fps:
      input.processingSeconds > 0 ? Math.round((inference.processed / input.processingSeconds) * 10) / 10 : 0,
    model: input.model,
    provider: input.provider,
    windows: sink.windows,
    detections: sortedByCount(tally.detections),
    frames_with: sortedByCount(tally.framesWith),
    failed: inference.failed + sink.failed,
    streams: streams.map((s) => ({
      id: s.id,
      source: s.source,
      state: s.state,
      frames: s.framesRead,
      dropped: s.framesDropped,
      restarts: s.restarts,
      ...(s.lastError ? { error: { code: s.lastError.code, message: s.lastError.message } } : {}),
    })),
    models: Object.fromEntries(input.models.map((m) => [m.model, m.status])),
  };
}

/** The summary for people: totals, then one line per stream, then the classes seen. */
export function formatSummary(summary: PipelineSummary): string {
  const lines = [
    `streamlens: ${summary.processed}/${summary.frames} frames processed in ${summary.seconds} s (${summary.fps} fps), ${summary.dropped} dropped, model ${summary.model} on ${summary.provider}, ${summary.windows} windows written`,
  ];
  for (const s of summary.streams) {
    const error = s.error ? `: ${s.error.message}` : "";
    lines.push(
      `  ${s.state.padEnd(7)} ${s.id} (${s.frames} frames${s.restarts ? `, ${s.restarts} restarts` : ""})${error}`,
    );
  }
  const models = Object.entries(summary.models);
  if (models.length > 0) {
    const ok = models.filter(([, status]) => status === "ok").length;
    lines.push(
      `  SQL rollups refreshed: ${ok}/${models.length} ok${
        ok < models.length
          ? ` (${models
              .filter(([, s]) => s !== "ok")
              .map(([m, s]) => `${m} ${s}`)
              .join(", ")})`
          : ""
      }`,
    );
  }
  const classes = Object.entries(summary.detections);
  if (classes.length > 0) {
    lines.push("  objects (total / frames with):");
    for (const [name, count] of classes)
      lines.push(`    ${name.padEnd(16)} ${count} / ${summary.frames_with[name] ?? 0}`);
  } else {
    lines.push("  no objects detected");
  }
  return lines.join("\n");
}
