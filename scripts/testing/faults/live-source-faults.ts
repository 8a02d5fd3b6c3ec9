// The fault cases of a live source: an HLS stream that stalls, dies and returns, watched through
// the ingest service (a separate process, over the real broker) and the API it reports to
// (edge:local, a separate process, on the same PostgreSQL); and live frames held past the age
// limit. Run by scripts/faults/faults.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openDatabase } from "@streamlens/analytics";
import { silentLogger } from "@streamlens/core";
import { REPO_ROOT } from "@streamlens/core/testing";
import { type MediaServer, startMediaServer } from "@streamlens/ingest/testing";
import type { Subprocess } from "bun";
import { sql } from "drizzle-orm";
import { startService, waitFor } from "../services.ts";
import { type FaultyHop, startFaultyHop } from "./faulty-hop.ts";
import type { Harness } from "./harness.ts";
import { report } from "./harness.ts";

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

interface StreamView {
  status: string;
  last_frame_at: string | null;
  last_error: string | null;
}

export function liveSourceFaults(harness: () => Harness) {
  describe("a live source failing", () => {
    let h: Harness;
    let media: MediaServer;
    let hop: FaultyHop;
    let api: Subprocess<"ignore", "pipe", "pipe"> | undefined;
    beforeAll(async () => {
      h = harness();
      media = await startMediaServer();
      hop = startFaultyHop(media);
    }, 120_000);
    afterAll(() => {
      api?.kill("SIGKILL");
      hop?.stop();
      media?.stop();
    });

    test("a live source that stalls, dies and returns: stall seen, state and last error in the API, reconnected with backoff", async () => {
      const url = await h.postgres.createDatabase("fault_live");
      const database = await openDatabase(
        { url, driver: "postgres", dataDir: ".data" },
        { logger: silentLogger, migrate: true },
      );
      await database.close();
      const ingest = await startService(
        "ingest",
        {
          PULSAR_URL: h.broker.webUrl,
          PULSAR_TOKEN: h.broker.token,
          STREAMLENS_NAMESPACE: "fault-live",
          DATABASE_URL: url,
          STREAMLENS_FPS: "1",
          // The defaults a deployment has: a stall is a live source without a frame for 10 s.
          STREAMLENS_STALL_TIMEOUT_SECONDS: "10",
          STREAMLENS_START_TIMEOUT_SECONDS: "10",
          STREAMLENS_MAX_RESTARTS: "0",
        },
        [`lobby=${hop.url("/live.m3u8")}`],
      );
      const port = await freePort();
      api = Bun.spawn(["bun", "edge/src/main.ts"], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: url,
          STREAMLENS_SERVE_SITE: "false",
          STREAMLENS_ROLLUP_INTERVAL_MS: "0",
        },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
      });
      const view = async (): Promise<StreamView> => {
        const response = await fetch(`http://127.0.0.1:${port}/v1/streams/lobby`);
        if (!response.ok) throw new Error(`GET /v1/streams/lobby: ${response.status}`);
        return (await response.json()) as StreamView;
      };
      const logs = () => ingest.log().slice(-4000);

      await waitFor(
        "the stream running, as the API shows",
        90_000,
        async () => (await view()).status === "running",
        logs,
      );

      // Stall: requests hang, no frame comes.
      hop.set("stall");
      const stalledAt = Date.now();
      await waitFor(
        "the API to show the stall",
        40_000,
        // The public error is general; the cause ("no frame for 10000 ms") is in the ingest log.
        async () => (await view()).last_error === "the source stopped answering",
        logs,
      );
      // Frames already fetched still come for a moment after the hang; the 10 s count from the last.
      report("live", "stall seen in the API after the source hung", Date.now() - stalledAt);
      expect(ingest.log()).toContain('"code":"stalled"');
      expect(ingest.log()).toMatch(/no frame for 10000 ms/);
      expect((await view()).status).toMatch(/backoff|starting/);

      // Dies: the server answers 503 to everything; restarts back off.
      hop.set("dead");
      const diedAt = Date.now();
      const restartsBefore = (ingest.log().match(/stream restarting/g) ?? []).length;
      await waitFor(
        "two restarts against the dead server",
        60_000,
        () => (ingest.log().match(/stream restarting/g) ?? []).length >= restartsBefore + 2,
        logs,
      );
      report("live", "two failed restarts against the dead source", Date.now() - diedAt);
      const lastError = (await view()).last_error ?? "";
      // A server answering 503 reads like any source that cannot be opened: no detail leaks.
      expect(lastError).toBe("could not open the source");
      // Growing delays between attempts, never a tight loop.
      const delays = [...ingest.log().matchAll(/"retryInMs":(\d+)[^\n]*stream restarting/g)].map((m) =>
        Number(m[1]),
      );
      expect(delays.length).toBeGreaterThanOrEqual(3);
      expect(delays.at(-1) as number).toBeGreaterThan(delays[0] as number);

      // Returns: frames again, and the API says so.
      hop.set("pass");
      const backAt = Date.now();
      const lastFrameBefore = (await view()).last_frame_at;
      await waitFor(
        "the stream running again with new frames",
        90_000,
        async () => {
          const now = await view();
          return now.status === "running" && now.last_frame_at !== lastFrameBefore;
        },
        logs,
      );
      report("live", "running again after the source returned", Date.now() - backAt);

      expect(await ingest.stop()).toBe(0);
      api.kill("SIGTERM");
      expect(await api.exited).toBe(0);
    }, 300_000);

    test("live frames that waited on the bus past the age limit are counted as dropped in their windows, and logged per stream", async () => {
      const url = await h.postgres.createDatabase("fault_live_drop");
      const database = await openDatabase(
        { url, driver: "postgres", dataDir: ".data" },
        { logger: silentLogger, migrate: true },
      );
      try {
        const env = {
          PULSAR_URL: h.broker.webUrl,
          PULSAR_TOKEN: h.broker.token,
          STREAMLENS_NAMESPACE: "fault-live-drop",
          DATABASE_URL: url,
          STREAMLENS_FPS: "1",
          STREAMLENS_MAX_FRAME_AGE_MS: "2000",
        };
        const analytics = await startService("analytics", env);
        await waitFor("analytics to be ready", 60_000, async () => (await analytics.health()).status === 200);
        // No worker yet: ingest's frames wait in the pool's subscription, which ingest creates.
        const ingest = await startService("ingest", { ...env, DATABASE_URL: undefined }, [
          `cam=${media.url("/live.m3u8")}`,
        ]);
        const framesRead = async () =>
          ((await ingest.health()).body.streams as Array<{ framesRead: number }> | undefined)?.[0]
            ?.framesRead ?? 0;
        await waitFor("five live frames sent", 60_000, async () => (await framesRead()) >= 5, ingest.log);
        await Bun.sleep(2500);
        const worker = await startService("inference", env);
        const totals = async () => {
          const result = await database.db.execute(
            sql`select coalesce(sum(frames), 0)::int as frames, coalesce(sum(frames_dropped), 0)::int as dropped from stat_windows where stream_id = 'cam'`,
          );
          const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
            frames: number;
            dropped: number;
          }>;
          return rows[0] ?? { frames: 0, dropped: 0 };
        };
        await waitFor(
          "old frames counted as dropped, and fresh ones watched",
          90_000,
          async () => {
            const { frames, dropped } = await totals();
            return dropped >= 5 && frames >= 2;
          },
          () => `${worker.log().slice(-2000)}\n${analytics.log().slice(-2000)}`,
        );
        expect(await ingest.stop()).toBe(0);
        expect(await worker.stop()).toBe(0);
        expect(await analytics.stop()).toBe(0);
        // One aggregate line for the stream (on close at the latest), not one per frame.
        const lines = worker
          .log()
          .split("\n")
          .filter((l) => l.includes("live frames dropped for age"));
        expect(lines.length).toBeGreaterThanOrEqual(1);
        const logged = lines.reduce((n, l) => n + (JSON.parse(l) as { dropped: number }).dropped, 0);
        expect(logged).toBe((await totals()).dropped);
      } finally {
        await database.close();
      }
    }, 300_000);
  });
}
