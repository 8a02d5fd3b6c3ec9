import { expect, test } from "bun:test";
import { LiveClock } from "./live-clock.ts";

test("steady flow keeps media spacing; a catch-up burst is stamped at arrival", () => {
  let now = 1_000_000;
  const clock = new LiveClock(() => now);
  // A player starts 3 s behind and reads 3 frames at once.
  expect(clock.stamp(0)).toBe(1_000_000);
  expect(clock.stamp(1000)).toBe(1_000_000);
  expect(clock.stamp(2000)).toBe(1_000_000);
  // Then frames arrive in real time, with jitter; their spacing follows media time.
  now += 1030;
  expect(clock.stamp(3000)).toBe(1_000_000 + 1000);
  now += 990;
  expect(clock.stamp(4000)).toBe(1_000_000 + 2000);
});

test("a backwards or huge jump in media time re-anchors on arrival", () => {
  let now = 5_000;
  const clock = new LiveClock(() => now);
  clock.stamp(90_000);
  now += 1000;
  expect(clock.stamp(10)).toBe(now);
  now += 1000;
  expect(clock.stamp(10 + 10 * 60_000)).toBe(now);
});
