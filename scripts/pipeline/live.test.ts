import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPglite, schema } from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import { REPO_ROOT } from "@streamlens/core/testing";
import { type MediaServer, startMediaServer } from "@streamlens/ingest/testing";
import { eq, sql } from "drizzle-orm";
import { testEnv } from "../testing/test-env.ts";
import { loadPipelineConfig } from "./config.ts";
import { runPipeline } from "./run-pipeline.ts";

let server: MediaServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sl-live-"));
  server = await startMediaServer();
}, 30_000);
afterAll(() => {
  server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function framesInDatabase(streamId: string) {
  const { db, close } = await openPglite(dataDir);
  try {
    const [row] = await db
      .select({ frames: sql<number>`coalesce(sum(${schema.statWindows.frames}), 0)::int` })
      .from(schema.statWindows)
      .where(eq(schema.statWindows.streamId, streamId));
    return row?.frames ?? 0;
  } finally {
    await close();
  }
}

describe("live sources in the pipeline", () => {
  test("--duration stops a live source; everything read is processed and written", async () => {
    const config = loadPipelineConfig(
      [`lobby=${server.url("/live.m3u8")}`, "--duration", "6", "--data-dir", dataDir],
      testEnv(),
    );
    if (config.help) throw new Error("unexpected --help");
    const started = Date.now();
    const summary = await runPipeline(config, { logger: silentLogger });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(summary.streams[0]).toMatchObject({ id: "lobby", state: "stopped" });
    expect(summary.frames).toBeGreaterThanOrEqual(2);
    expect(summary.processed + summary.dropped).toBe(summary.frames);
    expect(await framesInDatabase("lobby")).toBe(summary.processed);
  }, 60_000);

  test("Ctrl-C stops the CLI gracefully: it finishes what it read and prints the summary", async () => {
    const proc = Bun.spawn(["bun", "scripts/pipeline.ts", `hall=${server.url("/live.m3u8")}`, "--json"], {
      cwd: REPO_ROOT,
      env: testEnv({ STREAMLENS_DATA_DIR: dataDir }),
      stdout: "pipe",
      stderr: "pipe",
    });
    // Wait for frames to flow (the plain progress line reports them), then interrupt.
    const deadline = Date.now() + 30_000;
    let seen = "";
    const reader = proc.stderr.getReader();
    while (Date.now() < deadline && !/[1-9]\d* processed/.test(seen)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    proc.kill("SIGINT");
    const code = await proc.exited;
    const summary = JSON.parse(await new Response(proc.stdout).text());
    expect(code).toBe(0);
    expect(summary.streams[0]).toMatchObject({ id: "hall", state: "stopped" });
    expect(summary.processed).toBeGreaterThan(0);
    expect(await framesInDatabase("hall")).toBe(summary.processed);
  }, 60_000);
});
