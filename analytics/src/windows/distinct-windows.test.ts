import { expect, test } from "bun:test";
import { DistinctWindows } from "./distinct-windows.ts";

test("counts each (stream, window, model) once", () => {
  const windows = new DistinctWindows();
  for (const start of [0, 0, 60_000, 0, 60_000]) windows.add("cam", "m@1", start);
  windows.add("cam", "other@1", 0);
  windows.add("cam2", "m@1", 0);
  expect(windows.count).toBe(4);
});

test("a stream running for days holds only its newest windows", () => {
  const windows = new DistinctWindows(16);
  // A week of one-minute windows for two streams, each frame's window repeated as frames are.
  for (let minute = 0; minute < 7 * 24 * 60; minute += 1)
    for (const stream of ["a", "b"])
      for (let frame = 0; frame < 3; frame += 1) windows.add(stream, "m@1", minute * 60_000);
  expect(windows.count).toBe(2 * 7 * 24 * 60);
  expect(windows.held).toBe(2 * 16);
  // A late frame of a recent window is not a new window.
  windows.add("a", "m@1", (7 * 24 * 60 - 5) * 60_000);
  expect(windows.count).toBe(2 * 7 * 24 * 60);
});
