import { expect, test } from "bun:test";
import { BacklogPacer } from "./backlog-pacer.ts";

test("sends go on while the backlog is short, and wait while it is long", async () => {
  let backlog = 0;
  const pacer = new BacklogPacer(async () => backlog, 3, 20);
  const signal = new AbortController().signal;
  for (let i = 0; i < 3; i += 1) await pacer.waitForRoom(signal);
  // Three sent since the last reading: the fourth waits for the pool to catch up.
  backlog = 3;
  let passed = false;
  const fourth = pacer.waitForRoom(signal).then(() => {
    passed = true;
  });
  await Bun.sleep(80);
  expect(passed).toBe(false);
  backlog = 1;
  await fourth;
  expect(passed).toBe(true);
});

test("when the broker cannot say, the pacer lets sends go on instead of holding them", async () => {
  // The backlog is full, then the broker stops answering (it restarts).
  const readings: Array<number | Error> = [5, new Error("down"), new Error("down")];
  let reads = 0;
  const pacer = new BacklogPacer(
    async () => {
      const reading = readings[reads++];
      if (reading instanceof Error || reading === undefined) throw reading ?? new Error("no reading");
      return reading;
    },
    1,
    10,
  );
  const signal = new AbortController().signal;
  // Held by the full backlog until the next reading fails; then it goes on.
  await pacer.waitForRoom(signal);
  expect(reads).toBe(2);
  // The stale full reading does not hold the next send: it asks again, and goes on again.
  await pacer.waitForRoom(signal);
  expect(reads).toBe(3);
}, 5_000);
