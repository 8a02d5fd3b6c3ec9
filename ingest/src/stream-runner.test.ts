import { expect, test } from "bun:test";
import { type Frame, silentLogger } from "@streamlens/core";
import { fixture } from "@streamlens/core/testing";
import { Ingest } from "./ingest.ts";
import { ingestConfigSchema } from "./settings.ts";
import { parseSourceRef } from "./sources/source-ref.ts";
import { requireFfmpeg } from "./testing/require-tools.ts";

test("a recording whose send fails mid-way is read again, and each frame arrives once, under its own seq", async () => {
  const delivered: Frame[] = [];
  let sends = 0;
  const ingest = new Ingest({
    config: ingestConfigSchema.parse({
      ffmpegPath: requireFfmpeg(),
      fps: 0.1,
      restartInitialMs: 50,
      restartMaxMs: 100,
    }),
    logger: silentLogger,
    pathVar: process.env.PATH,
    emit: async (frame) => {
      sends += 1;
      // The sixth send fails, as a send does while the broker is down.
      if (sends === 6) throw new Error("broker unavailable");
      delivered.push(frame);
    },
  });
  const status = await ingest.start(parseSourceRef(fixture("video/one-by-one-person-detection.mp4"))).done;
  expect(status).toMatchObject({ state: "ended", restarts: 1 });
  // 139.4 s at 0.1 fps: 14 frames, each delivered once, the failed one on the second reading.
  const seqs = delivered.map((f) => f.seq);
  expect(seqs.length).toBe(14);
  expect(new Set(seqs).size).toBe(14);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  const first = seqs[0] as number;
  expect((seqs[1] as number) - first).toBe(10_000);
  expect((seqs[13] as number) - first).toBe(130_000);
}, 60_000);
