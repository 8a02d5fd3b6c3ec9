import { counterFrom, type MetricsRegistry } from "@streamlens/core";
import type { SinkStats } from "./stats-sink.ts";

/** Analytics' counters on /metrics, read from the sink's own tallies when Prometheus scrapes. */
export function registerAnalyticsMetrics(metrics: MetricsRegistry, stats: SinkStats) {
  const counters: Array<[string, string, keyof SinkStats]> = [
    ["detections_received", "Detections messages taken from the bus", "received"],
    ["frames_counted", "Frames added to the statistics", "counted"],
    ["frames_duplicate", "Redelivered or replayed frames (no effect)", "duplicates"],
    ["errors", "Messages rejected (dead-lettered after the limit)", "failed"],
    ["flushes", "Database transactions written", "flushes"],
  ];
  for (const [name, help, key] of counters)
    counterFrom(metrics, `streamlens_analytics_${name}_total`, help, () => stats[key]);
}
