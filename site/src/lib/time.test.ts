import { describe, expect, test } from "bun:test";
import { formatDuration, relativeTime } from "./time";

describe("time", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  test("relative times use the largest unit that fits", () => {
    expect(relativeTime("2026-11-28T11:59:55Z", now)).toBe("just now");
    expect(relativeTime("2026-11-28T11:59:00Z", now)).toBe("1 minute ago");
    expect(relativeTime("2026-11-28T09:30:00Z", now)).toBe("2 hours ago");
    expect(relativeTime("2026-11-27T11:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2017-09-26T16:57:49Z", now)).toBe("9 years ago");
  });
  test("durations", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(2400)).toBe("2.4 s");
    expect(formatDuration(180_000)).toBe("3 min");
  });
});
