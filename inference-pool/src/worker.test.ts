import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type Bus,
  type Consumer,
  type Detections,
  deadLetterTopic,
  decodeDetections,
  encodeFrame,
  InProcessBus,
  silentLogger,
  topicNames,
  topicsConfigSchema,
} from "@streamlens/core";
import { captureLogger, FIXTURE_MODELS, fixture } from "@streamlens/core/testing";
import { Detector } from "./detector.ts";
import { resolveModelSpec } from "./models/resolve-spec.ts";
import { type InferenceConfig, inferenceConfigSchema } from "./settings.ts";
import { InferenceWorker } from "./worker.ts";

const topics = topicNames(topicsConfigSchema.parse({}));
let detector: Detector;
let images: Record<string, Uint8Array>;

beforeAll(async () => {
  detector = await Detector.load(await resolveModelSpec("yolox-nano"), {
    modelsDirs: [FIXTURE_MODELS],
    provider: "cpu",
    intraOpThreads: 0,
    maxBatch: 8,
    scoreThreshold: 0.5,
    iouThreshold: 0.45,
    logger: silentLogger,
  });
  images = {};
  for (const name of ["bus", "dog", "person", "horses"])
    images[name] = await Bun.file(fixture(`images/${name}.jpg`)).bytes();
}, 30_000);
afterAll(() => detector.close());

/** A worker on its own bus, and a consumer that reads what it publishes. */
async function harness(overrides: Partial<InferenceConfig> = {}, model: Detector = detector) {
  const bus = new InProcessBus();
  const config = inferenceConfigSchema.parse({
    modelsDirs: [FIXTURE_MODELS],
    maxRedeliveries: 1,
    ...overrides,
  });
  const worker = new InferenceWorker({ bus, topics, detector: model, config, logger: silentLogger });
  await worker.start();
  const out = await bus.subscribe(topics.detections, {
    subscription: "test",
    type: "Exclusive",
    receiverQueueSize: 500,
  });
  const dlq = await bus.subscribe(deadLetterTopic(topics.frames, "inference"), {
    subscription: "inference-DLQ",
    type: "Shared",
  });
  const stop = new AbortController();
  const running = worker.run(stop.signal);
  const producer = await bus.createProducer(topics.frames);
  return {
    bus,
    worker,
    producer,
    dlq,
    async read(count: number, consumer: Consumer = out) {
      const got: Detections[] = [];
      while (got.length < count) {
        const message = await consumer.receive({ timeoutMs: 20_000 });
        if (!message) break;
        got.push(decodeDetections(message));
        await consumer.ack(message);
      }
      return got;
    },
    async close(b: Bus = bus) {
      stop.abort();
      await running;
      await worker.close();
      await b.close();
    },
  };
}

/** A frame is counted once acked, which follows the send of its detections by a tick. */
async function acked(worker: InferenceWorker, processed: number) {
  for (let i = 0; i < 200 && worker.stats.processed < processed; i += 1) await Bun.sleep(10);
}

const frame = (stream: string, seq: number, jpeg: Uint8Array, width: number, height: number, live = false) =>
  encodeFrame({
    stream_id: stream,
    seq,
    frame_ts: new Date(seq).toISOString(),
    width,
    height,
    live,
    pixel_format: "jpeg",
    image: jpeg,
  });

describe("InferenceWorker", () => {
  test("every frame of every stream gets its detections, in order per stream, in shared batches", async () => {
    const h = await harness({ maxBatch: 4, batchWaitMs: 50 });
    const streams = { a: images.bus, b: images.dog, c: images.person } as Record<string, Uint8Array>;
    const sizes: Record<string, [number, number]> = { a: [810, 1080], b: [768, 576], c: [640, 424] };
    for (let seq = 1; seq <= 4; seq += 1) {
      for (const [stream, jpeg] of Object.entries(streams)) {
        const [w, h2] = sizes[stream] as [number, number];
        await h.producer.send(frame(stream, seq * 1000, jpeg, w, h2));
      }
    }
    const got = await h.read(12);
    expect(got.length).toBe(12);
    for (const stream of ["a", "b", "c"]) {
      expect(got.filter((d) => d.stream_id === stream).map((d) => d.seq)).toEqual([1000, 2000, 3000, 4000]);
    }
    const bus = got.find((d) => d.stream_id === "a") as Detections;
    expect(bus).toMatchObject({ model: "yolox-nano@d39bee73", provider: "cpu", width: 810, height: 1080 });
    expect(bus.objects.filter((o) => o.class === "person").length).toBe(3);
    for (const o of bus.objects) for (const v of o.box) expect(v >= 0 && v <= 1).toBe(true);
    await acked(h.worker, 12);
    expect(h.worker.stats).toMatchObject({ received: 12, processed: 12, failed: 0, droppedOld: 0 });
    // Frames from several streams went through together.
    expect(h.worker.stats.batches).toBeLessThan(12);
    await h.close();
  }, 60_000);

  test("each stream's own score threshold decides what its frames keep", async () => {
    const h = await harness({ maxBatch: 4, batchWaitMs: 200 });
    // The same photo on three streams: bus.jpg's fourth person, cut off at the edge, scores 0.30.
    const send = (stream: string, scoreThreshold?: number) =>
      h.producer.send(
        encodeFrame({
          stream_id: stream,
          seq: 1000,
          frame_ts: new Date(1000).toISOString(),
          width: 810,
          height: 1080,
          live: false,
          pixel_format: "jpeg",
          image: images.bus as Uint8Array,
          ...(scoreThreshold === undefined ? {} : { score_threshold: scoreThreshold }),
        }),
      );
    await send("loose", 0.25);
    await send("pool-default");
    await send("strict", 0.95);
    const got = await h.read(3);
    const people = (stream: string) =>
      got.find((d) => d.stream_id === stream)?.objects.filter((o) => o.class === "person").length;
    expect(people("loose")).toBe(4);
    expect(people("pool-default")).toBe(3);
    expect(people("strict")).toBe(0);
    expect(got.find((d) => d.stream_id === "strict")?.objects).toEqual([]);
    await h.close();
  }, 60_000);

  test("a raw rgb24 frame gives what its JPEG gives, and its snapshot is a JPEG", async () => {
    const h = await harness();
    const snapshots = await h.bus.subscribe(topics.snapshots, { subscription: "snap", type: "Exclusive" });
    const { default: sharp } = await import("sharp");
    const { data, info } = await sharp(images.bus as Uint8Array)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 810, height: 1080, channels: 3 });
    const header = {
      seq: 1000,
      frame_ts: new Date(1000).toISOString(),
      width: 810,
      height: 1080,
      live: false,
    };
    await h.producer.send(
      encodeFrame({ ...header, stream_id: "raw", pixel_format: "rgb24", image: new Uint8Array(data) }),
    );
    await h.producer.send(
      encodeFrame({ ...header, stream_id: "jpeg", pixel_format: "jpeg", image: images.bus as Uint8Array }),
    );
    const got = await h.read(2);
    const raw = got.find((d) => d.stream_id === "raw");
    expect(raw?.objects.length).toBe(4);
    expect(raw?.objects).toEqual(got.find((d) => d.stream_id === "jpeg")?.objects as Detections["objects"]);
    const received = [
      await snapshots.receive({ timeoutMs: 10_000 }),
      await snapshots.receive({ timeoutMs: 10_000 }),
    ];
    const fromRaw = received.find((m) => m?.properties.stream_id === "raw");
    const meta = await sharp(fromRaw?.payload as Uint8Array).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 810, height: 1080 });
    await h.close();
  }, 60_000);

  test("a frame with nothing in it gives an empty list, not silence", async () => {
    const h = await harness();
    const { default: sharp } = await import("sharp");
    const blank = new Uint8Array(
      await sharp({ create: { width: 320, height: 240, channels: 3, background: "#808080" } })
        .jpeg()
        .toBuffer(),
    );
    await h.producer.send(frame("empty", 1, blank, 320, 240));
    const [result] = await h.read(1);
    expect(result).toMatchObject({ stream_id: "empty", seq: 1, objects: [] });
    await h.close();
  }, 30_000);

  test("messages that are not frames go to the dead-letter topic after bounded redeliveries; the rest go on", async () => {
    const h = await harness({ maxRedeliveries: 1 });
    await h.producer.send({
      key: "x",
      payload: images.dog as Uint8Array,
      properties: { stream_id: "x", seq: "oops" },
    });
    const corrupt = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]);
    await h.producer.send(frame("y", 5, corrupt, 640, 480));
    await h.producer.send(frame("z", 7, images.person as Uint8Array, 640, 424));
    const [good] = await h.read(1);
    expect(good).toMatchObject({ stream_id: "z", seq: 7 });
    const dead = [await h.dlq.receive({ timeoutMs: 10_000 }), await h.dlq.receive({ timeoutMs: 10_000 })];
    expect(dead.map((m) => m?.key).sort()).toEqual(["x", "y"]);
    // Each poison message was tried twice (first delivery + 1 redelivery).
    await acked(h.worker, 1);
    expect(h.worker.stats.failed).toBe(4);
    expect(h.worker.stats.processed).toBe(1);
    await h.close();
  }, 30_000);

  test("live frames that waited longer than maxFrameAgeMs become dropped records; recorded frames never age out", async () => {
    const bus = new InProcessBus();
    const producer = await bus.createProducer(topics.frames);
    // Subscribe first (so frames are kept), but start the worker only once they are old.
    const config = inferenceConfigSchema.parse({
      modelsDirs: [FIXTURE_MODELS],
      maxFrameAgeMs: 200,
      dropLogIntervalMs: 100,
    });
    const logs = captureLogger();
    const worker = new InferenceWorker({ bus, topics, detector, config, logger: logs.logger });
    await worker.start();
    const out = await bus.subscribe(topics.detections, { subscription: "t", type: "Exclusive" });
    for (let i = 1; i <= 3; i += 1)
      await producer.send(frame("cam", i, images.bus as Uint8Array, 810, 1080, true));
    for (let i = 1; i <= 2; i += 1)
      await producer.send(frame("clip", i, images.bus as Uint8Array, 810, 1080));
    await Bun.sleep(400);
    const stop = new AbortController();
    const running = worker.run(stop.signal);
    await producer.send(frame("cam", 4, images.bus as Uint8Array, 810, 1080, true));
    const got: Detections[] = [];
    while (got.length < 6) {
      const message = await out.receive({ timeoutMs: 20_000 });
      if (!message) break;
      got.push(decodeDetections(message));
      await out.ack(message);
    }
    const summary = got.map((d) => `${d.stream_id}:${d.seq}:${d.dropped ? "dropped" : "processed"}`).sort();
    expect(summary).toEqual([
      "cam:1:dropped",
      "cam:2:dropped",
      "cam:3:dropped",
      "cam:4:processed",
      "clip:1:processed",
      "clip:2:processed",
    ]);
    for (const d of got.filter((d) => d.dropped))
      expect(d).toMatchObject({ model: detector.ref, objects: [] });
    await acked(worker, 3);
    expect(worker.stats).toMatchObject({ droppedOld: 3, processed: 3, failed: 0 });
    // One aggregate line for the stream, not one per frame.
    await Bun.sleep(300);
    const lines = logs.records().filter((l) => l.msg === "live frames dropped for age");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ stream: "cam", dropped: 3, maxFrameAgeMs: 200 });
    stop.abort();
    await running;
    await worker.close();
    await bus.close();
  }, 30_000);

  test("several batches in flight, frames prepared on worker threads: each stream still in order", async () => {
    const threaded = await Detector.load(await resolveModelSpec("yolox-nano"), {
      modelsDirs: [FIXTURE_MODELS],
      provider: "cpu",
      intraOpThreads: 0,
      maxBatch: 8,
      preprocessThreads: 2,
      scoreThreshold: 0.5,
      iouThreshold: 0.45,
      logger: silentLogger,
    });
    const h = await harness({ maxBatch: 2, batchWaitMs: 5, inflightBatches: 3 }, threaded);
    const streams = { a: images.bus, b: images.horses, c: images.person } as Record<string, Uint8Array>;
    for (let seq = 1; seq <= 6; seq += 1) {
      for (const [stream, jpeg] of Object.entries(streams))
        await h.producer.send(frame(stream, seq, jpeg, 640, 480));
    }
    await h.producer.send(frame("broken", 1, new TextEncoder().encode("not a jpeg"), 640, 480));
    const got = await h.read(18);
    for (const stream of ["a", "b", "c"]) {
      expect(got.filter((d) => d.stream_id === stream).map((d) => d.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    // The worker threads gave the same detections as the main thread does.
    const [direct] = await detector.detect([images.bus as Uint8Array]);
    expect(got.find((d) => d.stream_id === "a")?.objects.length).toBe(direct?.objects.length);
    await acked(h.worker, 18);
    expect(h.worker.stats.processed).toBe(18);
    for (let i = 0; i < 200 && h.worker.stats.failed === 0; i += 1) await Bun.sleep(10);
    expect(h.worker.stats.failed).toBeGreaterThan(0);
    await h.close();
    await threaded.close();
  }, 60_000);
});
