import { counterFrom, gaugeFrom, type MetricsRegistry } from "@streamlens/core";
import type { StreamStatus } from "./stream-runner.ts";

/** Ingest's counters on /metrics, read from its own tallies when Prometheus scrapes. */
export function registerIngestMetrics(
  metrics: MetricsRegistry,
  streams: () => StreamStatus[],
  sends: { sent: number; errors: number },
) {
  const perStream = (read: (s: StreamStatus) => number) =>
    streams().map((s) => ({ labels: { stream: s.id }, value: read(s) }));
  const stream = ["stream"];
  counterFrom(
    metrics,
    "streamlens_ingest_frames_read_total",
    "Frames sampled from sources",
    () => perStream((s) => s.framesRead),
    stream,
  );
  counterFrom(
    metrics,
    "streamlens_ingest_frames_dropped_total",
    "Live frames dropped while the bus was busy",
    () => perStream((s) => s.framesDropped),
    stream,
  );
  counterFrom(
    metrics,
    "streamlens_ingest_restarts_total",
    "Source restarts after failures",
    () => perStream((s) => s.restarts),
    stream,
  );
  gaugeFrom(
    metrics,
    "streamlens_ingest_stream_up",
    "1 while a stream delivers frames",
    () => perStream((s) => (s.state === "running" ? 1 : 0)),
    stream,
  );
  counterFrom(metrics, "streamlens_ingest_frames_sent_total", "Frames the broker acked", () => sends.sent);
  counterFrom(
    metrics,
    "streamlens_ingest_send_errors_total",
    "Frames the broker did not take",
    () => sends.errors,
  );
}
