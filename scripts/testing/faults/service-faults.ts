// The fault cases of the services: each run (separate processes over the real broker and
// PostgreSQL) is faulted mid-run, must end with the statistics of a clean run of the same input,
// and prints how long the pipeline took to recover. Run by scripts/faults/faults.test.ts.
import { beforeAll, describe, expect, test } from "bun:test";
import { type RunningService, waitFor } from "../services.ts";
import {
  countedAtLeast,
  type FaultRun,
  finish,
  type Harness,
  isRunning,
  killBroker,
  recovery,
  report,
  startRun,
} from "./harness.ts";

export function serviceFaults(harness: () => Harness) {
  /** A third of the input counted: the run is well under way, with most frames still to come. */
  const underWay = (run: FaultRun) => countedAtLeast(run, Math.ceil(harness().frames / 3));
  /** Longer than STREAMLENS_MAX_FRAME_AGE_MS: frames held up this long would have aged out. */
  const OUTAGE_MS = 3000;

  async function killed(service: RunningService) {
    service.proc.kill("SIGKILL");
    expect(await service.proc.exited).not.toBe(0);
  }

  describe("faults mid-run: statistics identical to a clean run", () => {
    let h: Harness;
    beforeAll(() => {
      h = harness();
    });
    test("a worker killed (kill -9), and another started later", async () => {
      const run = await startRun(h, "fault-worker");
      await underWay(run);
      await killed(run.inference);
      await Bun.sleep(OUTAGE_MS);
      const before = await run.counted();
      const restartedAt = Date.now();
      await run.restart("inference");
      report(
        run.name,
        "counting again after the new worker started",
        await recovery(run, restartedAt, before),
      );
      expect(await finish(h, run)).toEqual(h.reference);
    }, 300_000);

    test("analytics killed (kill -9) and restarted", async () => {
      const run = await startRun(h, "fault-analytics");
      await underWay(run);
      await killed(run.analytics);
      await Bun.sleep(OUTAGE_MS);
      const before = await run.counted();
      const restartedAt = Date.now();
      await run.restart("analytics");
      report(run.name, "counting again after analytics restarted", await recovery(run, restartedAt, before));
      expect(await finish(h, run)).toEqual(h.reference);
    }, 300_000);

    test("ingest killed (kill -9) and restarted: the files are read again, and nothing counts twice", async () => {
      const run = await startRun(h, "fault-ingest");
      await underWay(run);
      // Otherwise this would test nothing: ingest must still have frames to send.
      expect(isRunning(run.ingest)).toBe(true);
      await killed(run.ingest);
      const before = await run.counted();
      const restartedAt = Date.now();
      await run.restart("ingest");
      report(run.name, "counting again after ingest restarted", await recovery(run, restartedAt, before));
      expect(await finish(h, run)).toEqual(h.reference);
    }, 300_000);

    for (const how of ["stopped (pulsar:down)", "killed (kill -9)"] as const) {
      test(`the broker ${how} and started again: /health 503 while it is down, 200 once it is back`, async () => {
        const run = await startRun(h, how.startsWith("stopped") ? "fault-broker-stop" : "fault-broker-kill");
        await underWay(run);
        if (how.startsWith("stopped")) await h.broker.stop();
        else await killBroker(h.broker);
        const downAt = Date.now();
        const services = () => [run.analytics, run.inference, run.ingest].filter(isRunning);
        await waitFor(
          "every running service to answer 503",
          30_000,
          async () => (await Promise.all(services().map((s) => s.health()))).every((r) => r.status === 503),
          run.logs,
        );
        report(run.name, "every service unhealthy after the broker went down", Date.now() - downAt);
        await Bun.sleep(OUTAGE_MS);
        const before = await run.counted();
        await h.broker.start();
        const upAt = Date.now();
        await waitFor(
          "every running service to answer 200 again",
          60_000,
          async () => (await Promise.all(services().map((s) => s.health()))).every((r) => r.status === 200),
          run.logs,
        );
        report(run.name, "every service healthy after the broker was back", Date.now() - upAt);
        report(run.name, "counting again after the broker was back", await recovery(run, upAt, before));
        expect(await finish(h, run)).toEqual(h.reference);
      }, 400_000);
    }

    test("PostgreSQL restarted: analytics holds its acks, retries, and writes everything once", async () => {
      const run = await startRun(h, "fault-postgres");
      await underWay(run);
      await h.postgres.stop();
      await Bun.sleep(OUTAGE_MS);
      const before = await run.counted();
      await h.postgres.start();
      const upAt = Date.now();
      report(run.name, "counting again after PostgreSQL was back", await recovery(run, upAt, before));
      expect(run.analytics.log()).toContain("writing statistics failed");
      expect(await finish(h, run)).toEqual(h.reference);
    }, 300_000);
  });
}
