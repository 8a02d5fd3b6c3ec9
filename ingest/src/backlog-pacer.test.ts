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

test("when the broker cannot say, the pacer does not block", async () => {
  const pacer = new BacklogPacer(async () => Promise.reject(new Error("down")), 1, 10);
  await pacer.waitForRoom(new AbortController().signal);
  await pacer.waitForRoom(new AbortController().signal);
});
