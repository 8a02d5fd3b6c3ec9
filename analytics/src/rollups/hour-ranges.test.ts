import { expect, test } from "bun:test";
import { hourRanges, hoursBetween } from "./hour-ranges.ts";
import { alignRanges } from "./refresh-series.ts";

const at = (iso: string) => new Date(iso);
const H = (hour: number) => Date.UTC(2026, 0, 1, hour);

test("hours become contiguous ranges clipped to the lookback; hours outside it drop out", () => {
  const lookback = { from: at("2026-01-01T01:30:00Z"), to: at("2026-01-01T09:15:00Z") };
  expect(hourRanges([H(5), H(0), H(1), H(2), H(9), H(4), H(12)], lookback)).toEqual([
    { from: at("2026-01-01T01:30:00Z"), to: at("2026-01-01T03:00:00Z") },
    { from: at("2026-01-01T04:00:00Z"), to: at("2026-01-01T06:00:00Z") },
    { from: at("2026-01-01T09:00:00Z"), to: at("2026-01-01T09:15:00Z") },
  ]);
});

test("the hours between two instants include both ends, in either order", () => {
  expect(hoursBetween(at("2026-01-01T03:10:00Z"), at("2026-01-01T01:59:00Z"))).toEqual([H(1), H(2), H(3)]);
});

test("ranges widen to whole buckets of every size and merge where they touch", () => {
  const ranges = [
    { from: at("2026-01-01T01:30:00Z"), to: at("2026-01-01T02:00:00Z") },
    { from: at("2026-01-01T05:00:00Z"), to: at("2026-01-01T07:00:00Z") },
    { from: at("2026-01-01T20:00:00Z"), to: at("2026-01-01T20:05:00Z") },
  ];
  expect(alignRanges(ranges, [300, 3600, 21600])).toEqual([
    { from: at("2026-01-01T00:00:00Z"), to: at("2026-01-01T12:00:00Z") },
    { from: at("2026-01-01T18:00:00Z"), to: at("2026-01-02T00:00:00Z") },
  ]);
});
