import { afterAll, expect, test } from "bun:test";
import { encodeDetections, PulsarBus, silentLogger, topicNames } from "@streamlens/core";
import { sharedPostgres, sharedTestBroker } from "@streamlens/core/testing";
import { eq } from "drizzle-orm";
import { openDatabase } from "./db/open-database.ts";
import * as schema from "./db/schema.ts";
import { analyticsConfigSchema } from "./settings.ts";
import { StatsSink } from "./stats-sink.ts";

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// A live stream that stops (camera offline, stream ended) sends nothing more: no later message
// can push its last frames out. The sink's own timer must write them, so the stream's last
// window is complete in the database soon after it ends rather than never.
test("a stream that goes quiet gets its last window written with no later message (Pulsar, PostgreSQL)", async () => {
  const broker = await sharedTestBroker();
  const bus = await PulsarBus.connect({ url: broker.webUrl, token: broker.token, logger: silentLogger });
  cleanups.push(() => bus.close());
  const url = await (await sharedPostgres()).createDatabase(`quiet_${process.pid}`);
  const database = await openDatabase(
    { url, driver: "postgres", dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
  cleanups.push(() => database.close());
  const topics = topicNames({ tenant: "streamlens", namespace: `quiet-${Date.now().toString(36)}` });
  // Far more frames may wait than are sent: only the flush timer can write them.
  const config = analyticsConfigSchema.parse({ windowSeconds: 2, flushIntervalMs: 200, maxPending: 1000 });
  const sink = new StatsSink({ bus, topics, db: database.db, config, logger: silentLogger });
  await sink.start();
  const stop = new AbortController();
  const running = sink.run(stop.signal);
  cleanups.push(async () => {
    stop.abort();
    await running;
    await sink.close();
  });

  const producer = await bus.createProducer(topics.detections);
  const now = Date.now();
  // Three frames of one window at live times (so the window ends within two seconds)...
  const base = Math.floor(now / 2000) * 2000;
  const persons = [1, 3, 2];
  for (const [i, count] of persons.entries()) {
    const frameTs = base + i * 500;
    await producer.send(
      encodeDetections({
        stream_id: "quiet-cam",
        seq: frameTs,
        frame_ts: new Date(frameTs).toISOString(),
        model: "m@1",
        width: 640,
        height: 480,
        inference_ms: 5,
        objects: Array.from({ length: count }, () => ({
          class: "person",
          score: 0.9,
          box: [0.1, 0.1, 0.2, 0.2] as [number, number, number, number],
        })),
      }),
    );
  }
  // ...then silence. Bounded wait: a sink that writes only when the next message comes (or when
  // maxPending frames wait) never gets there.
  const rowOf = async () =>
    (
      await database.db.select().from(schema.objectStats).where(eq(schema.objectStats.streamId, "quiet-cam"))
    )[0];
  const deadline = Date.now() + 20_000;
  let row = await rowOf();
  while ((row?.frames ?? 0) < persons.length && Date.now() < deadline) {
    await Bun.sleep(100);
    row = await rowOf();
  }
  expect(row).toMatchObject({
    windowStart: new Date(base),
    class: "person",
    frames: 3,
    framesWith: 3,
    countSum: 6,
    countMin: 1,
    countMax: 3,
  });
  // Written and acked while the sink still runs: a restart would not count them again.
  expect(sink.stats).toMatchObject({ received: 3, counted: 3 });
}, 120_000);
