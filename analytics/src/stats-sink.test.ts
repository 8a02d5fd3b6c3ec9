import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  deadLetterTopic,
  encodeDetections,
  InProcessBus,
  silentLogger,
  topicNames,
  topicsConfigSchema,
} from "@streamlens/core";
import { eq } from "drizzle-orm";
import { type OpenDatabase, openPglite } from "./db/drivers/pglite.ts";
import * as schema from "./db/schema.ts";
import { analyticsConfigSchema } from "./settings.ts";
import { StatsSink } from "./stats-sink.ts";

let open: OpenDatabase;
beforeAll(async () => {
  open = await openPglite(undefined);
}, 60_000);
afterAll(() => open.close());

const topics = topicNames(topicsConfigSchema.parse({}));
const detections = (seq: number, objects: Array<{ class: string }>) =>
  encodeDetections({
    stream_id: "cam",
    seq,
    frame_ts: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
    model: "m@1",
    width: 640,
    height: 480,
    inference_ms: 5,
    objects: objects.map((o) => ({
      ...o,
      score: 0.9,
      box: [0.1, 0.1, 0.2, 0.2] as [number, number, number, number],
    })),
  });

test("the sink counts good messages, dead-letters bad ones, and tallies the run", async () => {
  const bus = new InProcessBus();
  const config = analyticsConfigSchema.parse({ flushIntervalMs: 20, maxRedeliveries: 1 });
  const sink = new StatsSink({ bus, topics, db: open.db, config, logger: silentLogger, tally: true });
  await sink.start();
  const dlq = await bus.subscribe(deadLetterTopic(topics.detections, "analytics"), {
    subscription: "analytics-DLQ",
    type: "Shared",
  });
  const stop = new AbortController();
  const running = sink.run(stop.signal);
  const producer = await bus.createProducer(topics.detections);
  await producer.send(detections(1, [{ class: "person" }, { class: "person" }]));
  await producer.send({ key: "cam", payload: new TextEncoder().encode('{"stream_id":"cam","seq":-1}') });
  await producer.send(detections(2, []));
  await producer.send({ key: "cam", payload: new Uint8Array([0xff, 0xfe]) });
  await producer.send(detections(2, []));
  const dead = [await dlq.receive({ timeoutMs: 10_000 }), await dlq.receive({ timeoutMs: 10_000 })];
  expect(dead.every(Boolean)).toBe(true);
  await bus.drained(topics.detections);
  stop.abort();
  await running;
  expect(sink.stats).toMatchObject({ counted: 2, duplicates: 1, failed: 4, windows: 1 });
  expect(sink.tally).toEqual({
    frames: 2,
    detections: { person: 2 },
    framesWith: { person: 1 },
    firstFrameMs: Date.UTC(2026, 0, 1) + 1000,
    lastFrameMs: Date.UTC(2026, 0, 1) + 2000,
  });
  await bus.close();
}, 30_000);

test("a dropped frame counts in its window's frames_dropped, once, and nowhere else", async () => {
  const bus = new InProcessBus();
  const config = analyticsConfigSchema.parse({ flushIntervalMs: 20 });
  const sink = new StatsSink({
    bus,
    topics,
    db: open.db,
    config,
    logger: silentLogger,
    subscription: "dropped",
    tally: true,
  });
  await sink.start();
  const stop = new AbortController();
  const running = sink.run(stop.signal);
  const producer = await bus.createProducer(topics.detections);
  const dropped = (seq: number) => {
    const message = detections(seq, []);
    const record = JSON.parse(new TextDecoder().decode(message.payload));
    return {
      ...message,
      payload: new TextEncoder().encode(JSON.stringify({ ...record, stream_id: "live", dropped: true })),
    };
  };
  await producer.send(dropped(10));
  await producer.send(dropped(11));
  // A redelivery of the same drop.
  await producer.send(dropped(10));
  await bus.drained(topics.detections);
  stop.abort();
  await running;
  const windows = await open.db
    .select()
    .from(schema.statWindows)
    .where(eq(schema.statWindows.streamId, "live"));
  expect(windows.map((w) => [w.frames, w.framesDropped])).toEqual([[0, 2]]);
  const classes = await open.db
    .select()
    .from(schema.objectStats)
    .where(eq(schema.objectStats.streamId, "live"));
  expect(classes).toEqual([]);
  expect(sink.stats).toMatchObject({ counted: 2, duplicates: 1 });
  expect(sink.tally.frames).toBe(0);
  await bus.close();
}, 30_000);
