// `bun run bench:soak`: memory at steady load. The live setup of `bench:latency` (three
// services as processes, Pulsar, PostgreSQL, `--streams` live HLS streams at `--fps`) runs for
// `--minutes`; each service's resident memory (VmRSS) is sampled every `--every` seconds.
// Reports RSS one minute into the load and at the end (ten minutes by default: `--minutes 11`
// puts the last sample ten minutes after the reference) and their ratio; goal: within 5 %.
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
  // The sample nearest one minute in, and the last one.
  const reference = samples.reduce((best, s) =>
    Math.abs(s.atS - REFERENCE_S) < Math.abs(best.atS - REFERENCE_S) ? s : best,
  );
  const last = samples.at(-1) as Sample;
  const services = Object.fromEntries(
    stack.services.map((s, i) => {
      const first = reference.rss[s.kind] ?? Number.NaN;
      const end = last.rss[s.kind] ?? Number.NaN;
      const peak = Math.max(...samples.map((x) => x.rss[s.kind] ?? 0));
      return [
        s.kind,
        {
          rss_1min_mb: Math.round(first * 10) / 10,
          rss_end_mb: Math.round(end * 10) / 10,
          rss_peak_mb: Math.round(peak * 10) / 10,
          growth: Math.round((end / first - 1) * 1000) / 1000,
          cpu_percent: Math.round((cpu[i] ?? 0) * 100),
        },
      ];
    }),
  );
  console.log(
    `RSS at ${reference.atS} s and at ${last.atS} s (${((last.atS - reference.atS) / 60).toFixed(1)} min later); live feeds ended: ${stack.feedsEnded()}`,
  );
  for (const [kind, f] of Object.entries(services))
    console.log(
      `  ${kind.padEnd(10)} ${f.rss_1min_mb} → ${f.rss_end_mb} MiB (${(f.growth * 100).toFixed(1)} %), peak ${f.rss_peak_mb}, CPU ${f.cpu_percent} % of a core`,
    );
  console.log(
    JSON.stringify({
      streams: options.streams,
      fps: options.fps,
      minutes_after_reference: Math.round(((last.atS - reference.atS) / 60) * 10) / 10,
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
