// `bun run bench:bus`: frames through the bus at the fixture's JPEG size, one producer to two
// Key_Shared consumers: frames/s, MB/s and end-to-end latency (send → receive) p50/p95, for a
// real Pulsar broker (PULSAR_URL, or a standalone started here) and the in-process bus, in the
// same run. Last line: one JSON object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Bus, InProcessBus, PulsarBus, silentLogger } from "@streamlens/core";
import { benchOptions, countOption, fixture, startStandalone } from "@streamlens/core/testing";

// Latency is measured at a steady rate below capacity (100 frames/s: a hundred 1-fps streams),
// not in the burst, where it would only measure the queue.
const {
  messages: burst,
  rate: steadyRate,
  streams,
} = benchOptions({ messages: countOption(2000), streams: countOption(16), rate: countOption(100) });

// Real JPEG frames: the fixture video sampled as ingest does (the bench needs ffmpeg).
const frames: Uint8Array[] = [];
const ffmpeg = Bun.spawn(
  [
    "ffmpeg",
    "-hide_banner",
    "-loglevel",
    "error",
    "-skip_frame",
    "nokey",
    "-i",
    fixture("video/one-by-one-person-detection.mp4"),
    "-frames:v",
    "20",
    "-f",
    "image2pipe",
    "-c:v",
    "mjpeg",
    "-q:v",
    "3",
    "-pix_fmt",
    "yuvj420p",
    "-",
  ],
  { stdout: "pipe" },
);
const bytes = new Uint8Array(await new Response(ffmpeg.stdout).arrayBuffer());
for (let start = 0, i = 2; i < bytes.length; i += 1) {
  if (bytes[i - 1] === 0xff && bytes[i] === 0xd9) {
    frames.push(bytes.slice(start, i + 1));
    start = i + 1;
  }
}
const meanBytes = frames.reduce((n, f) => n + f.length, 0) / frames.length;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

async function measure(bus: Bus, total: number, rate: number | undefined) {
  const topic = `persistent://streamlens/bench/frames-${Date.now().toString(36)}`;
  const options = { subscription: "pool", type: "Key_Shared" as const, receiverQueueSize: 64 };
  const consumers = [await bus.subscribe(topic, options), await bus.subscribe(topic, options)];
  const producer = await bus.createProducer(topic);
  const latencies: number[] = [];
  const perConsumer = [0, 0];
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const drains = consumers.map(async (consumer, index) => {
    for (;;) {
      const message = await consumer.receive({ timeoutMs: 30_000 });
      if (!message) return;
      latencies.push(performance.now() - Number(message.properties.sent));
      perConsumer[index] = (perConsumer[index] ?? 0) + 1;
      await consumer.ack(message);
      if (latencies.length === total) done();
    }
  });
  const started = performance.now();
  const sends: Promise<string>[] = [];
  for (let i = 0; i < total; i += 1) {
    if (rate) {
      const due = started + (i * 1000) / rate;
      if (due > performance.now()) await Bun.sleep(due - performance.now());
    }
    sends.push(
      producer.send({
        key: `stream-${i % streams}`,
        payload: frames[i % frames.length] as Uint8Array,
        properties: { sent: String(performance.now()) },
      }),
    );
  }
  await Promise.all(sends);
  await finished;
  const seconds = (performance.now() - started) / 1000;
  for (const c of consumers) await c.close();
  await producer.close();
  await Promise.all(drains);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    fps: total / seconds,
    mbps: (total * meanBytes) / seconds / 1e6,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    split: perConsumer.join(" / "),
  };
}

/** Throughput from a burst; latency at the steady rate. */
async function bench(bus: Bus, label: string) {
  const flat = await measure(bus, burst, undefined);
  const steady = await measure(bus, steadyRate * 3, steadyRate);
  console.log(
    `  ${label.padEnd(12)} ${flat.fps.toFixed(0).padStart(6)} frames/s  ${flat.mbps.toFixed(1).padStart(6)} MB/s  (consumers ${flat.split})   at ${steadyRate}/s: latency p50 ${steady.p50.toFixed(1)} ms, p95 ${steady.p95.toFixed(1)} ms`,
  );
  return { fps: flat.fps, p95: steady.p95 };
}

console.log(
  `bench:bus  ${burst} frames of ${(meanBytes / 1024).toFixed(1)} KiB (fixture JPEGs), ${streams} stream keys, 1 producer → 2 Key_Shared consumers`,
);
let broker: Awaited<ReturnType<typeof startStandalone>> | undefined;
let dataDir: string | undefined;
let url = process.env.PULSAR_URL;
let token = process.env.PULSAR_TOKEN;
if (!url) {
  dataDir = mkdtempSync(join(tmpdir(), "sl-bench-bus-"));
  broker = await startStandalone({ dataDir, dieWithParent: true });
  url = broker.webUrl;
  token = undefined;
}
const pulsar = await PulsarBus.connect({ url, token, logger: silentLogger });
await measure(pulsar, 300, undefined);
const pulsarResult = await bench(pulsar, "pulsar (ws)");
await pulsar.close();
const inproc = await bench(new InProcessBus({ maxBacklog: 10_000 }), "in-process");
await broker?.stop();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    pulsar_fps: Math.round(pulsarResult.fps),
    pulsar_p95_ms: +pulsarResult.p95.toFixed(1),
    inproc_fps: Math.round(inproc.fps),
    inproc_p95_ms: +inproc.p95.toFixed(1),
  }),
);
