import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  getStream,
  type OpenedDatabase,
  openDatabase,
  registerStream,
  schema,
  setStreamActive,
} from "@streamlens/analytics";
import { silentLogger, sourcePolicyFromEnv } from "@streamlens/core";
import { sharedPostgres, sharedTestBroker } from "@streamlens/core/testing";
import { type MediaServer, startMediaServer } from "@streamlens/ingest/testing";
import { eq } from "drizzle-orm";
import { startService, waitFor } from "./testing/services.ts";

let server: MediaServer;
let database: OpenedDatabase;
let url: string;
const allowLocal = sourcePolicyFromEnv({ STREAMLENS_ALLOW_PRIVATE_SOURCES: "true" });

beforeAll(async () => {
  server = await startMediaServer();
  url = await (await sharedPostgres()).createDatabase(`registry_${process.pid}`);
  database = await openDatabase(
    { url, driver: "postgres", dataDir: ".data" },
    { logger: silentLogger, migrate: true },
  );
}, 60_000);
afterAll(async () => {
  server.stop();
  await database.close();
});

test("the ingest service follows the registry: starts and stops streams within 10 s, and reports back", async () => {
  const broker = await sharedTestBroker();
  const ingest = await startService("ingest", {
    PULSAR_URL: broker.webUrl,
    PULSAR_TOKEN: broker.token,
    STREAMLENS_NAMESPACE: `registry-${Date.now().toString(36)}`,
    DATABASE_URL: url,
    STREAMLENS_REGISTRY_POLL_MS: "1000",
    // The test media server is on 127.0.0.1: registered sources may reach it only when allowed.
    STREAMLENS_ALLOW_PRIVATE_SOURCES: "true",
  });
  const log = () => ingest.log();
  await waitFor(
    "ingest to follow the registry",
    60_000,
    () => log().includes("following the stream registry"),
    log,
  );
  const { db } = database;

  const registered = Date.now();
  await registerStream(
    db,
    { source: server.url("/live.m3u8"), id: "lobby", title: "Lobby camera" },
    allowLocal,
  );
  await waitFor(
    "the registered stream to run",
    10_000,
    async () => (await getStream(db, "lobby"))?.status === "running",
    log,
  );
  expect(Date.now() - registered).toBeLessThan(10_000);
  await waitFor(
    "a frame time reported",
    15_000,
    async () => (await getStream(db, "lobby"))?.lastFrameAt != null,
    log,
  );
  const [info] = await db.select().from(schema.streamInfo).where(eq(schema.streamInfo.streamId, "lobby"));
  expect(info).toMatchObject({ live: true, width: 768, height: 432, codec: "h264" });

  // A source the registry holds but ingest cannot read is reported, not fatal.
  await db.insert(schema.videoStreams).values({
    id: "broken",
    kind: "http",
    source: "gopher://old.example/x",
    label: "gopher://old.example/x",
  });
  await waitFor(
    "the broken stream reported",
    10_000,
    async () => (await getStream(db, "broken"))?.status === "failed",
    log,
  );
  // The public error is general; the cause is in the service log only.
  expect((await getStream(db, "broken"))?.lastError).toBe("the source is not allowed");
  expect(log()).toMatch(/scheme 'gopher:' is not supported/);

  // A local file written around the API is refused too, even with internal addresses allowed.
  await db
    .insert(schema.videoStreams)
    .values({ id: "passwd", kind: "file", source: "/etc/passwd", label: "passwd" });
  await waitFor(
    "the file row refused",
    10_000,
    async () => (await getStream(db, "passwd"))?.status === "failed",
    log,
  );
  expect((await getStream(db, "passwd"))?.lastError).toBe("the source is not allowed");
  expect(log()).toMatch(/local files are only read from the command line/);

  // A source that does not answer: "could not open", never "connection refused" (a port scanner).
  await registerStream(db, { source: "http://127.0.0.1:9/cam.mp4", id: "dead" }, allowLocal);
  await waitFor(
    "the dead stream reported",
    10_000,
    async () => (await getStream(db, "dead"))?.lastError != null,
    log,
  );
  expect((await getStream(db, "dead"))?.lastError).toBe("could not open the source");
  expect(log()).toMatch(/cannot connect/);

  const deactivated = Date.now();
  await setStreamActive(db, "lobby", false);
  await waitFor(
    "the deactivated stream to stop",
    10_000,
    async () => (await getStream(db, "lobby"))?.status === "stopped",
    log,
  );
  expect(Date.now() - deactivated).toBeLessThan(10_000);

  expect(await ingest.stop()).toBe(0);
}, 120_000);
