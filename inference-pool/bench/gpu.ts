// `bun run bench:gpu`: frames/s of YOLOX-Nano per execution provider and batch size, as the
// original model (float32 in, full output) and as the pool runs it (uint8 in, 6-channel
// output): `session.run` alone on ready tensors (the limit) and the whole pool path (JPEG in
// through the bus and the inference worker, detections out), with p50/p95 latency per frame.
// Runs anywhere: without a GPU adapter it says why and measures the CPU. Last line: JSON.
import { existsSync } from "node:fs";
import {
  decodeDetections,
  encodeFrame,
  type Frame,
  InProcessBus,
  silentLogger,
  topicNames,
  topicsConfigSchema,
} from "@streamlens/core";
import { benchOptions, captureLogger, countOption } from "@streamlens/core/testing";
import {
  ALL_REWRITES,
  Detector,
  type DeviceProvider,
  ensureModelFile,
  type GraphRewrites,
  InferenceWorker,
  inferenceConfigSchema,
  loadSession,
  prepareModel,
  preprocess,
  resolveModelSpec,
} from "@streamlens/inference-pool";
import * as ort from "onnxruntime-node";
import { z } from "zod";
import { BENCH_MODEL_DIRS, fixtureFrames } from "./bench-inputs.ts";

const options = benchOptions({
  model: z.string().min(1).default("yolox-nano"),
  frames: countOption(128),
  /** Batch sizes to measure on a GPU; the CPU gets the ones up to 8. */
  batches: z
    .string()
    .regex(/^\d+(,\d+)*$/, "comma-separated batch sizes, e.g. 1,8,32")
    .default("1,8,32,64"),
  rounds: countOption(2),
});

// The NVIDIA driver ships its Vulkan ICD outside the loader's search path in containers
// (see the README's GPU section); point the loader at it before Dawn starts.
for (const icd of [
  "/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json",
  "/usr/share/vulkan/icd.d/nvidia_icd.json",
]) {
  if (!process.env.VK_DRIVER_FILES && existsSync(icd)) process.env.VK_DRIVER_FILES = icd;
}

const spec = await resolveModelSpec(options.model);
const modelsDirs = BENCH_MODEL_DIRS;
const path = await ensureModelFile(spec, { dirs: modelsDirs, logger: silentLogger });
const original = await Bun.file(path).bytes();
const frames = await fixtureFrames(options.frames);
const batches = options.batches.split(",").map(Number);

const VARIANTS: Record<string, GraphRewrites> = {
  original: { uint8Input: false, dynamicBatch: true, reduceOutput: false },
  pool: ALL_REWRITES,
};

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

/** Which device providers open here; for the others, the first line of why not. */
async function probeProviders() {
  const found: Partial<Record<DeviceProvider, { available: boolean; reason?: string }>> = {};
  for (const asked of ["webgpu", "cuda", "tensorrt"] as const) {
    const { logger, records } = captureLogger();
    const { session, provider } = await loadSession({ path, bytes: original }, asked, 0, logger);
    await session.release();
    const reasons = records().flatMap((r) => (r.reasons as string[] | undefined) ?? []);
    const reason = (reasons[0] ?? "").replace(/^\w+: /, "");
    found[asked] = provider === asked ? { available: true } : { available: false, reason };
  }
  found.cpu = { available: true };
  return found;
}

/** session.run alone on tensors prepared beforehand, batch by batch. */
async function limit(provider: DeviceProvider, rewrites: GraphRewrites, batch: number) {
  const model = prepareModel(original, spec, rewrites);
  const { session } = await loadSession({ path, bytes: model.bytes }, provider, 0, silentLogger);
  const pixelType = model.uint8Input ? "uint8" : "float32";
  const images = await Promise.all(frames.map((f) => preprocess(f.image, spec, pixelType)));
  const size = images[0]?.data.length ?? 0;
  const feeds: Record<string, ort.Tensor>[] = [];
  for (let i = 0; i + batch <= images.length; i += batch) {
    const data = model.uint8Input ? new Uint8Array(size * batch) : new Float32Array(size * batch);
    for (let j = 0; j < batch; j += 1) data.set((images[i + j] as { data: Uint8Array }).data, j * size);
    const dims = [batch, 3, spec.input.height, spec.input.width];
    feeds.push({
      [model.inputName]: model.uint8Input
        ? new ort.Tensor("uint8", data as Uint8Array, dims)
        : new ort.Tensor("float32", data as Float32Array, dims),
    });
  }
  for (const feed of feeds.slice(0, 2)) await session.run(feed);
  const perFrame: number[] = [];
  const t0 = performance.now();
  for (let round = 0; round < options.rounds; round += 1) {
    for (const feed of feeds) {
      const started = performance.now();
      const outputs = await session.run(feed);
      perFrame.push((performance.now() - started) / batch);
      for (const output of Object.values(outputs)) output.dispose();
    }
  }
  const fps = (feeds.length * batch * options.rounds) / ((performance.now() - t0) / 1000);
  await session.release();
  return { fps, p50: quantile(perFrame, 0.5), p95: quantile(perFrame, 0.95) };
}

/** The whole pool path: frames on the bus, the inference worker, detections consumed. */
async function poolPath(provider: DeviceProvider, rewrites: GraphRewrites, batch: number) {
  const config = inferenceConfigSchema.parse({
    model: spec.name,
    modelsDirs,
    maxBatch: batch,
    batchWaitMs: 5,
    maxFrameAgeMs: 0,
  });
  const detector = await Detector.load(spec, {
    ...config,
    provider,
    graphRewrites: rewrites,
    logger: silentLogger,
  });
  await detector.detect(frames.slice(0, Math.min(batch, 4)).map((f) => f.image));
  const bus = new InProcessBus({ maxBacklog: Math.max(256, batch * 4) });
  const topics = topicNames(topicsConfigSchema.parse({}));
  const worker = new InferenceWorker({ bus, topics, detector, config, logger: silentLogger });
  await worker.start();
  const out = await bus.subscribe(topics.detections, {
    subscription: "bench",
    type: "Shared",
    receiverQueueSize: 1024,
  });
  const stop = new AbortController();
  const running = worker.run(stop.signal);
  const producer = await bus.createProducer(topics.frames);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const total = frames.length * options.rounds;
  // Two batches in flight keep the model busy; more would only measure time spent queueing.
  const window = Math.max(2 * batch, 4);
  let received = 0;
  let sent = 0;
  let wake: (() => void) | undefined;
  const t0 = performance.now();
  const feeding = (async () => {
    for (let round = 0; round < options.rounds; round += 1) {
      for (const frame of frames) {
        while (sent - received >= window) await new Promise<void>((resolve) => (wake = resolve));
        sent += 1;
        const next: Frame = { ...frame, seq: frame.seq + round * 1_000_000 };
        sentAt.set(`${next.stream_id}/${next.seq}`, performance.now());
        await producer.send(encodeFrame(next));
      }
    }
  })();
  for (let got = 0; got < total; got += 1) {
    const message = await out.receive();
    if (!message) throw new Error("detections stopped early");
    const detections = decodeDetections(message);
    const started = sentAt.get(`${detections.stream_id}/${detections.seq}`);
    if (started !== undefined) latencies.push(performance.now() - started);
    await out.ack(message);
    received += 1;
    wake?.();
  }
  const fps = total / ((performance.now() - t0) / 1000);
  await feeding;
  stop.abort();
  await running;
  await worker.close();
  await bus.close();
  await detector.close();
  return { fps, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), batch: detector.maxBatch };
}

const providers = await probeProviders();
console.log(
  `bench:gpu  ${spec.name}@${spec.version}, ${frames.length} frames, ${navigator.hardwareConcurrency} cores`,
);
for (const [name, state] of Object.entries(providers)) {
  console.log(`  ${name.padEnd(8)} ${state.available ? "available" : `not available: ${state.reason}`}`);
}
if (!providers.webgpu?.available) console.log("  no GPU adapter was found: measuring the CPU only");

const results = [];
for (const provider of ["webgpu", "cuda", "tensorrt", "cpu"] as const) {
  if (!providers[provider]?.available) continue;
  const sizes = provider === "cpu" ? batches.filter((b) => b <= 8) : batches;
  for (const batch of sizes.length > 0 ? sizes : [1]) {
    for (const [variant, rewrites] of Object.entries(VARIANTS)) {
      const l = await limit(provider, rewrites, batch);
      const p = await poolPath(provider, rewrites, batch);
      const row = {
        provider,
        variant,
        batch,
        limit_fps: +l.fps.toFixed(1),
        limit_p50_ms: +l.p50.toFixed(2),
        limit_p95_ms: +l.p95.toFixed(2),
        pool_fps: +p.fps.toFixed(1),
        pool_p50_ms: +p.p50.toFixed(1),
        pool_p95_ms: +p.p95.toFixed(1),
        ratio: +(p.fps / l.fps).toFixed(3),
      };
      results.push(row);
      console.log(
        `  ${provider.padEnd(8)} ${variant.padEnd(9)} batch ${String(batch).padStart(3)}: ` +
          `session.run ${row.limit_fps} fps, pool path ${row.pool_fps} fps (${row.ratio}), ` +
          `latency p50 ${row.pool_p50_ms} ms p95 ${row.pool_p95_ms} ms`,
      );
    }
  }
}
console.log(
  JSON.stringify({
    bench: "gpu",
    model: `${spec.name}@${spec.version}`,
    cores: navigator.hardwareConcurrency,
    providers,
    results,
  }),
);
