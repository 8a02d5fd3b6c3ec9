// `bun run test:faults` (and part of `bun test`): the pipeline's services as separate processes
// over a real Pulsar broker and a real PostgreSQL, with each part faulted mid-run, and a live
// source failing. One file owns the broker and the server, so they start once for every case and
// are stopped at the end (bun test runs no exit hooks).
import { afterAll, beforeAll, expect } from "bun:test";
import { type Harness, killLeftovers, startFaultHarness } from "../testing/faults/harness.ts";
import { liveSourceFaults } from "../testing/faults/live-source-faults.ts";
import { serviceFaults } from "../testing/faults/service-faults.ts";

let h: (Harness & { stop(): Promise<void> }) | undefined;
beforeAll(async () => {
  h = await startFaultHarness();
  // The clean run is the reference: enough frames to fault mid-run, none dropped for age.
  expect(h.frames).toBeGreaterThan(20);
  expect(h.reference.windows.every((w) => w.framesDropped === 0)).toBe(true);
}, 300_000);
afterAll(async () => {
  killLeftovers();
  await h?.stop();
}, 60_000);

const harness = () => {
  if (!h) throw new Error("the fault harness did not start");
  return h;
};
serviceFaults(harness);
liveSourceFaults(harness);
