import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type OpenDatabase, openPglite, schema } from "@streamlens/analytics";
import { lastDataTime, timeRange } from "./series.ts";

let database: OpenDatabase;
const START = new Date("2026-03-01T10:00:00Z");

beforeAll(async () => {
  database = await openPglite(undefined);
  // Five-minute windows: the newest ends five minutes after it starts, not one.
  await database.db.insert(schema.statWindows).values(
    [0, 300_000].map((offset) => ({
      streamId: "cam",
      windowStart: new Date(START.getTime() + offset),
      windowSeconds: 300,
      model: "m@1",
      frames: 10,
    })),
  );
}, 60_000);
afterAll(() => database.close());

describe("the newest data time of a stream", () => {
  test("is its last window's end, whatever the window size", async () => {
    expect(await lastDataTime(database.db, "cam", "m@1")).toEqual(new Date("2026-03-01T10:10:00Z"));
  });

  test("is unknown for a stream or model without windows", async () => {
    expect(await lastDataTime(database.db, "cam", "other@1")).toBeUndefined();
    expect(await lastDataTime(database.db, "nothing", "m@1")).toBeUndefined();
  });

  test("ends a range that gives no `to`; `from` is `to` minus the span unless given", async () => {
    const to = new Date("2026-03-01T10:10:00Z");
    expect(await timeRange(database.db, { streamId: "cam", model: "m@1" }, 3_600_000)).toEqual({
      from: new Date(to.getTime() - 3_600_000),
      to,
    });
    const from = new Date("2026-03-01T09:00:00Z");
    expect(await timeRange(database.db, { streamId: "cam", model: "m@1", from }, 3_600_000)).toEqual({
      from,
      to,
    });
  });

  test("a given `to` wins; without data (or a model) the range ends now", async () => {
    const to = new Date("2026-02-01T00:00:00Z");
    expect((await timeRange(database.db, { streamId: "cam", model: "m@1", to }, 60_000)).to).toEqual(to);
    const before = Date.now();
    const { to: now } = await timeRange(database.db, { streamId: "cam", model: undefined }, 60_000);
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
  });
});
