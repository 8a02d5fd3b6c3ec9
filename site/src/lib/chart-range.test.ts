import { describe, expect, test } from "bun:test";
import { defaultSpan, durationSeconds, SPANS } from "./chart-range";

describe("defaultSpan", () => {
  test("a short recording opens on the shortest range that holds a dozen buckets", () => {
    const clip = { frames: 140, fps: 1 }; // 140 s of data
    expect(defaultSpan("5m", clip)).toBe("1h");
    expect(defaultSpan("1h", clip)).toBe("24h");
    expect(defaultSpan("6h", clip)).toBe("3d");
  });

  test("a long or unknown history opens on the bucket's usual range", () => {
    const weeks = { frames: 2_000_000, fps: 1 };
    expect(defaultSpan("5m", weeks)).toBe("24h");
    expect(defaultSpan("1h", weeks)).toBe("7d");
    expect(defaultSpan("6h", { frames: null, fps: 1 })).toBe("14d");
  });

  test("the range grows with the data: 5.5 hours in 6 h, 22 hours in 24 h", () => {
    expect(defaultSpan("5m", { frames: 20_000, fps: 1 })).toBe("6h");
    expect(defaultSpan("5m", { frames: 80_000, fps: 1 })).toBe("24h");
  });
});

describe("durationSeconds", () => {
  test("reads the length from the name of every bucket and span", () => {
    expect((["5m", "1h", "6h"] as const).map(durationSeconds)).toEqual([300, 3600, 21_600]);
    expect(SPANS.map(durationSeconds)).toEqual([3600, 21_600, 86_400, 259_200, 604_800, 1_209_600]);
  });
});
