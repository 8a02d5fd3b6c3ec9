import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/** The Prometheus metrics of one process, served on /metrics (not to be mixed up with the stream registry). */
export type MetricsRegistry = Registry;

/** The metrics registry of one service, with the process metrics (CPU, memory, event loop). */
export function createMetricsRegistry(service: string): MetricsRegistry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

type Reading = number | Array<{ labels: Record<string, string>; value: number }>;

function apply(metric: Counter | Gauge, reading: Reading) {
  metric.reset();
  if (typeof reading === "number") {
    if (metric instanceof Counter) metric.inc(reading);
    else metric.set(reading);
    return;
  }
  for (const { labels, value } of reading) {
    if (metric instanceof Counter) metric.inc(labels, value);
    else metric.set(labels, value);
  }
}

/**
 * A counter whose value is read from a stage's own tally when Prometheus scrapes: stages keep
 * plain counters (their summaries use them too) and never call the metrics library.
 */
export function counterFrom(
  metrics: MetricsRegistry,
  name: string,
  help: string,
  read: () => Reading,
  labelNames: string[] = [],
): Counter {
  return new Counter({
    name,
    help,
    labelNames,
    registers: [metrics],
    collect() {
      apply(this, read());
    },
  });
}

/** A gauge read at scrape time; `read` may be async (broker stats). */
export function gaugeFrom(
  metrics: MetricsRegistry,
  name: string,
  help: string,
  read: () => Reading | Promise<Reading>,
  labelNames: string[] = [],
): Gauge {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [metrics],
    async collect() {
      try {
        apply(this, await read());
      } catch {
        // A source that cannot be read now (the broker is down) leaves the gauge empty.
        this.reset();
      }
    },
  });
}
