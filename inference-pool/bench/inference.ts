// `bun run bench:inference`: frames/s through our whole inference path (JPEG decode, preprocess,
// session.run, decode, NMS, through the worker and the in-process bus) against session.run
// alone on ready tensors: same model, same threads, same frames, same run. Last line: JSON.
import {
  decodeDetections,
  encodeFrame,
  InProcessBus,
  silentLogger,
  topicNames,
  topicsConfigSchema,
} from "@streamlens/core";
import { benchOptions, countOption } from "@streamlens/core/testing";
import {
  ALL_REWRITES,
  Detector,
  ensureModelFile,
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
  frames: countOption(140),
  /** ONNX Runtime intra-op threads; 0 = one per core. */
  threads: z.coerce.number().int().min(0).max(256).default(0),
  /** With default threads, also measure with one core left for preprocessing. */
  compare: z.stringbool().default(true),
  rounds: countOption(3),
});
const rounds = options.rounds;
const modelsDirs = BENCH_MODEL_DIRS;
const spec = await resolveModelSpec(options.model);

// Real frames: the fixture video sampled the way ingest does (768x432 JPEGs).
const jpegs = await fixtureFrames(options.frames);

/**
 * session.run alone, on tensors prepared beforehand: the ceiling for this model and thread
 * count. It runs the same in-memory rewrite of the model as the pool (uint8 input, reduced
 * output), so the ratio compares like with like.
 */
async function limitFps(threads: number): Promise<number> {
  const path = await ensureModelFile(spec, { dirs: modelsDirs, logger: silentLogger });
  const model = prepareModel(await Bun.file(path).bytes(), spec, ALL_REWRITES);
  const { session } = await loadSession({ path, bytes: model.bytes }, "cpu", threads, silentLogger);
  const prepared = await Promise.all(jpegs.map((f) => preprocess(f.jpeg, spec, "uint8")));
  const feeds = prepared.map((p) => {
    const feed: Record<string, ort.Tensor> = {
      [model.inputName]: new ort.Tensor("uint8", p.data as Uint8Array, [
        1,
        3,
        spec.input.height,
        spec.input.width,
      ]),
    };
    if (spec.decoder.kind === "picodet-nms") {
      feed.scale_factor = new ort.Tensor(
        "float32",
        Float32Array.from([p.mapping.scaleY, p.mapping.scaleX]),
        [1, 2],
      );
    }
    return feed;
  });
  for (const feed of feeds.slice(0, 5)) await session.run(feed);
  const t0 = performance.now();
  for (const feed of feeds) await session.run(feed);
  const fps = feeds.length / ((performance.now() - t0) / 1000);
  await session.release();
  return fps;
}

/** Our whole path: frames published on the bus, the inference worker, detections consumed. */
async function oursFps(threads: number): Promise<number> {
  const config = inferenceConfigSchema.parse({
    model: spec.name,
    modelsDirs,
    intraOpThreads: threads,
    maxFrameAgeMs: 0,
  });
  const detector = await Detector.load(spec, { ...config, provider: "cpu", logger: silentLogger });
  await detector.detect(jpegs.slice(0, 5).map((f) => f.jpeg));
  const bus = new InProcessBus({ maxBacklog: 64 });
  const topics = topicNames(topicsConfigSchema.parse({}));
  const worker = new InferenceWorker({ bus, topics, detector, config, logger: silentLogger });
  await worker.start();
  const out = await bus.subscribe(topics.detections, {
    subscription: "bench",
    type: "Shared",
    receiverQueueSize: 256,
  });
  const stop = new AbortController();
  const running = worker.run(stop.signal);
  const producer = await bus.createProducer(topics.frames);
  const t0 = performance.now();
  const feeding = (async () => {
    for (const frame of jpegs) await producer.send(encodeFrame(frame));
  })();
  for (let got = 0; got < jpegs.length; got += 1) {
    const message = await out.receive();
    if (!message) throw new Error("detections stopped early");
    decodeDetections(message);
    await out.ack(message);
  }
  const fps = jpegs.length / ((performance.now() - t0) / 1000);
  await feeding;
  stop.abort();
  await running;
  await worker.close();
  await bus.close();
  await detector.close();
  return fps;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Alternates the two measurements round by round, so machine noise hits both alike. */
async function compare(threads: number) {
  const limits: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    limits.push(await limitFps(threads));
    ours.push(await oursFps(threads));
  }
  const label = threads === 0 ? "default (one per core)" : String(threads);
  console.log(`  intra-op threads ${label}`);
  console.log(
    `    session.run alone   ${median(limits).toFixed(1)} fps  (rounds: ${limits.map((x) => x.toFixed(1)).join(", ")})`,
  );
  console.log(
    `    our whole path      ${median(ours).toFixed(1)} fps  (rounds: ${ours.map((x) => x.toFixed(1)).join(", ")})`,
  );
  return { ours: median(ours), limit: median(limits) };
}

const cores = navigator.hardwareConcurrency;
console.log(
  `bench:inference  ${spec.name}@${spec.version}, ${jpegs.length} frames ${jpegs[0]?.width}x${jpegs[0]?.height}, ${cores} cores, ${rounds} rounds`,
);
const threads = options.threads;
const main = await compare(threads);
// Preprocessing (JPEG decode + resize on libuv threads) overlaps model time only where a core is
// free for it; with one core left to it, the ratio shows the path's own overhead.
if (options.compare && threads === 0 && cores > 1) {
  const spare = await compare(cores - 1);
  console.log(`    ratio with a core left for preprocessing: ${(spare.ours / spare.limit).toFixed(3)}`);
}
console.log(
  JSON.stringify({
    ours_fps: +main.ours.toFixed(1),
    limit_fps: +main.limit.toFixed(1),
    ratio: +(main.ours / main.limit).toFixed(3),
  }),
);
