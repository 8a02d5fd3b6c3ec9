// `bun run bench:latency`: freshness. Frame capture → its counts visible in object_stats, for
// every frame of `--streams` live HLS streams sampled at `--fps`, through the three services as
// separate processes, a real Pulsar broker and PostgreSQL (scripts/bench/live/). After
// `--warmup` seconds, every frame captured during `--seconds` counts; a frame not visible
// `--grace` seconds after the period counts as missing; missing frames and frames the pool
// skipped for age rank as never visible. Prints p50/p95/max per stage and ends with one JSON
// line; goal: p95 ≤ 5 s.

import { loadavg } from "node:os";
import { databaseSettings, openDatabase } from "@streamlens/analytics";
import { loadSettings, silentLogger } from "@streamlens/core";
import { benchOptions, countOption } from "@streamlens/core/testing";
import { z } from "zod";
import { FreshnessProbe, percentile } from "./live/freshness.ts";
import { startLiveStack } from "./live/live-stack.ts";
import { treeCpuSeconds } from "./live/proc-stats.ts";

const options = benchOptions({
  streams: countOption(8),
  fps: z.coerce.number().positive().max(30).default(1),
  warmup: countOption(30),
  seconds: countOption(120),
  grace: countOption(30),
});
const GOAL_P95_MS = 5000;
const SUBSCRIPTION = "bench-freshness";

const stack = await startLiveStack({
  streams: options.streams,
  fps: options.fps,
  frameSubscriptions: [SUBSCRIPTION],
});
const reader = await openDatabase(
  loadSettings(databaseSettings, { env: { DATABASE_URL: stack.databaseUrl }, flags: {} }),
  { logger: silentLogger },
);
await stack.pulsar.admin.ensureSubscription(stack.topics.detections, SUBSCRIPTION);
const probe = new FreshnessProbe(stack.pulsar, stack.topics, SUBSCRIPTION, reader);
const stop = new AbortController();
const observing = probe.run(stop.signal);
let exitCode = 0;
try {
  console.error(`bench:latency: warming up for ${options.warmup} s`);
  await Bun.sleep(options.warmup * 1000);
  const processes = [
    ...stack.services.map((s) => ({ name: s.kind, pid: s.proc.pid })),
    { name: "pulsar", pid: stack.brokerPid() ?? -1 },
  ];
  const cpuBefore = processes.map((p) => treeCpuSeconds(p.pid));
  const from = Date.now();
  console.error(`bench:latency: measuring for ${options.seconds} s`);
  await Bun.sleep(options.seconds * 1000);
  const to = Date.now();
  // CPU share of one core each used while measuring (ingest with its ffmpegs): where time went.
  const cpu = Object.fromEntries(
    processes.map((p, i) => [
      p.name,
      Math.round(((treeCpuSeconds(p.pid) - (cpuBefore[i] ?? 0)) / ((to - from) / 1000)) * 100),
    ]),
  );
  // Stragglers: wait until every frame of the period is visible, or the grace period ends.
  const graceEnd = Date.now() + options.grace * 1000;
  while (Date.now() < graceEnd && probe.latencies(from, to).missing > 0) await Bun.sleep(250);
  const { visible, published, detected, missing, dropped } = probe.latencies(from, to);
  const frames = visible.length + missing + dropped;
  const expected = Math.round(options.streams * options.fps * options.seconds);
  // A frame whose counts never came (missing, or skipped for age) is never fresh: it ranks last.
  const visibleOrNever = [...visible, ...Array<number>(missing + dropped).fill(Number.POSITIVE_INFINITY)];
  const ms = (value: number) => (Number.isFinite(value) ? Math.round(value) : null);
  const figure = (values: number[]) => ({
    p50_ms: ms(percentile(values, 50)),
    p95_ms: ms(percentile(values, 95)),
    max_ms: ms(values.at(-1) ?? Number.NaN),
  });
  const stages = {
    published: figure(published),
    detected: figure(detected),
    visible: figure(visibleOrNever),
  };
  console.log(
    `frames captured in ${options.seconds} s: ${frames} (expected about ${expected}); never visible: ${missing}, skipped for age by the pool: ${dropped}`,
  );
  console.log(`live feeds ended: ${stack.feedsEnded()}`);
  console.log("capture → (ms)            p50     p95     max");
  for (const [stage, f] of Object.entries(stages))
    console.log(
      `  ${stage.padEnd(22)} ${[f.p50_ms, f.p95_ms, f.max_ms].map((v) => String(v ?? "never").padStart(7)).join(" ")}`,
    );
  console.log(
    `median ms per 10 s of capture time: ${probe.medians(from, to, 10_000).filter(Number.isFinite).join(" ")}`,
  );
  const modelMs = probe.inferenceMs / Math.max(1, probe.inferred);
  console.log(`model time per frame (the pool's inference_ms): ${modelMs.toFixed(1)} ms`);
  console.log(
    `CPU while measuring, % of one core: ${JSON.stringify(cpu)} (machine load ${loadavg()[0]?.toFixed(1)})`,
  );
  const p95 = stages.visible.p95_ms;
  console.log(
    JSON.stringify({
      streams: options.streams,
      fps: options.fps,
      frames,
      missing,
      dropped,
      p50_ms: stages.visible.p50_ms,
      p95_ms: p95,
      max_ms: stages.visible.max_ms,
      published_p95_ms: stages.published.p95_ms,
      detected_p95_ms: stages.detected.p95_ms,
      cpu_percent: cpu,
      goal_p95_ms: GOAL_P95_MS,
      goal_met: frames > 0 && p95 !== null && p95 <= GOAL_P95_MS,
    }),
  );
  // Frames that never became visible: the services' last lines say where they stopped.
  if (missing > 0) console.error(`bench:latency: ${missing} frames never visible\n${stack.logs()}`);
} catch (error) {
  console.error(`bench:latency: ${error instanceof Error ? error.message : String(error)}\n${stack.logs()}`);
  exitCode = 1;
} finally {
  stop.abort();
  await observing.catch(() => undefined);
  await reader.close();
  await stack.stop();
}
process.exit(exitCode);
