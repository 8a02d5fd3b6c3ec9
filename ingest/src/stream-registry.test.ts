import { expect, test } from "bun:test";
import { COMMAND_LINE_SOURCE_POLICY, type Frame, silentLogger } from "@streamlens/core";
import { fixture } from "@streamlens/core/testing";
import { Ingest } from "./ingest.ts";
import { ingestConfigSchema } from "./settings.ts";
import { followRegistry, type StreamRegistry } from "./stream-registry.ts";

test("frames carry their registered stream's score threshold, and none where it has none", async () => {
  const video = fixture("video/one-by-one-person-detection.mp4");
  const frames: Frame[] = [];
  const stop = new AbortController();
  const ingest = new Ingest({
    config: ingestConfigSchema.parse({}),
    logger: silentLogger,
    pathVar: process.env.PATH,
    emit: async (frame) => {
      frames.push(frame);
      const streams = new Set(frames.map((f) => f.stream_id));
      if (streams.size === 2 && frames.length >= 4) stop.abort();
    },
  });
  const registry: StreamRegistry = {
    register: async () => {},
    active: async () => [
      { id: "loose", source: video, fps: 1, scoreThreshold: 0.25 },
      { id: "plain", source: video, fps: 1 },
    ],
    report: async () => {},
    info: async () => {},
  };
  await followRegistry(registry, ingest, {
    signal: stop.signal,
    logger: silentLogger,
    intervalMs: 100,
    policy: COMMAND_LINE_SOURCE_POLICY,
  });
  const loose = frames.filter((f) => f.stream_id === "loose");
  const plain = frames.filter((f) => f.stream_id === "plain");
  expect(loose.length).toBeGreaterThan(0);
  expect(plain.length).toBeGreaterThan(0);
  for (const frame of loose) expect(frame.score_threshold).toBe(0.25);
  for (const frame of plain) expect(frame.score_threshold).toBeUndefined();
}, 60_000);
