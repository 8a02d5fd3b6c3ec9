// `bun run bench:soak`: memory at steady load. The live setup of `bench:latency` (three
// services as processes, Pulsar, PostgreSQL, `--streams` live HLS streams at `--fps`) runs for
// `--minutes`; each service's resident memory (VmRSS) is sampled every `--every` seconds.
// Reports RSS one minute into the load and in the last minute (the median of each minute's
// samples; `--minutes 11` puts them ten minutes apart) and their ratio; goal: within 5 %.
// Ends with one JSON line.
import { loadavg } from "node:os";
import { benchOptions, countOption } from "@streamlens/core/testing";
import { z } from "zod";
import { startLiveStack } from "./live/live-stack.ts";
import { rssMb, treeCpuSeconds } from "./live/proc-stats.ts";

const options = benchOptions({
  streams: countOption(8),
  fps: z.coerce.number().positive().max(30).default(1),
  minutes: z.coerce.number().positive().max(120).default(11),
  every: countOption(5),
});
const REFERENCE_S = 60;
const GOAL_GROWTH = 0.05;

const stack = await startLiveStack({ streams: options.streams, fps: options.fps });
const heapUsedMb = async (service: (typeof stack.services)[number]) => {
  try {
    const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(await service.metrics());
    return match ? Number(match[1]) / 2 ** 20 : undefined;
  } catch {
    return undefined;
  }
};

interface Sample {
  atS: number;
  rss: Record<string, number | undefined>;
}
const samples: Sample[] = [];
let exitCode = 0;
try {
  const started = Date.now();
  const endAt = started + options.minutes * 60_000;
  const cpuStart = stack.services.map((s) => treeCpuSeconds(s.proc.pid));
  let nextReport = 0;
  console.log(`  s  ${stack.services.map((s) => `${s.kind} RSS/heap MiB`.padStart(26)).join("")}`);
  while (Date.now() < endAt) {
    const atS = Math.round((Date.now() - started) / 1000);
    const rss = Object.fromEntries(stack.services.map((s) => [s.kind, rssMb(s.proc.pid)]));
    samples.push({ atS, rss });
    if (Object.values(rss).some((v) => v === undefined))
      throw new Error(`a service exited during the soak (at ${atS} s)`);
    if (atS >= nextReport) {
      const heaps = await Promise.all(stack.services.map(heapUsedMb));
      const cells = stack.services.map((s, i) =>
        `${rss[s.kind]?.toFixed(1)} / ${heaps[i]?.toFixed(1) ?? "?"}`.padStart(26),
      );
      console.log(`${String(atS).padStart(4)} ${cells.join("")}   load ${loadavg()[0]?.toFixed(1)}`);
      nextReport = atS + 60;
    }
    await Bun.sleep(options.every * 1000);
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = stack.services.map((s, i) => (treeCpuSeconds(s.proc.pid) - (cpuStart[i] ?? 0)) / seconds);
  // RSS saws up and down with garbage collection: a single sample can sit 10 % off its
  // neighbours. Each figure is the median of the samples of one minute: the minute after the
  // first (1–2 min), and the last minute of the run (10–11 min with `--minutes 11`).
  const lastAt = (samples.at(-1) as Sample).atS;
  const early = samples.filter((x) => x.atS >= REFERENCE_S && x.atS <= REFERENCE_S + 60);
  const late = samples.filter((x) => x.atS >= lastAt - 60);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  const round = (value: number) => Math.round(value * 10) / 10;
  const services = Object.fromEntries(
    stack.services.map((s, i) => {
      const of = (list: Sample[]) => list.map((x) => x.rss[s.kind] ?? Number.NaN);
      const first = median(of(early));
      const end = median(of(late));
      return [
        s.kind,
        {
          rss_1min_mb: round(first),
          rss_end_mb: round(end),
          rss_peak_mb: round(Math.max(...of(samples))),
          growth: Math.round((end / first - 1) * 1000) / 1000,
          cpu_percent: Math.round((cpu[i] ?? 0) * 100),
        },
      ];
    }),
  );
  console.log(
    `RSS, median of a minute's samples: ${REFERENCE_S}–${REFERENCE_S + 60} s, and ${lastAt - 60}–${lastAt} s; live feeds ended: ${stack.feedsEnded()}`,
  );
  for (const [kind, f] of Object.entries(services))
    console.log(
      `  ${kind.padEnd(10)} ${f.rss_1min_mb} → ${f.rss_end_mb} MiB (${(f.growth * 100).toFixed(1)} %), peak ${f.rss_peak_mb}, CPU ${f.cpu_percent} % of a core`,
    );
  console.log(
    JSON.stringify({
      streams: options.streams,
      fps: options.fps,
      window_s: [REFERENCE_S, lastAt - 60],
      services,
      goal_growth: GOAL_GROWTH,
      goal_met: Object.values(services).every((f) => Math.abs(f.growth) <= GOAL_GROWTH),
    }),
  );
} catch (error) {
  console.error(`bench:soak: ${error instanceof Error ? error.message : String(error)}\n${stack.logs()}`);
  exitCode = 1;
} finally {
  await stack.stop();
}
process.exit(exitCode);
