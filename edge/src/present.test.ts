import { expect, test } from "bun:test";
import { decodeCursor, encodeCursor } from "./present.ts";

const base64url = (value: string) =>
  btoa(value).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");

test("a cursor this API gave out decodes to its rank and id", () => {
  expect(decodeCursor(encodeCursor(2, "bus"))).toEqual({ rank: 2, id: "bus" });
  expect(decodeCursor(encodeCursor(2_147_483_647, "cam-1"))).toEqual({ rank: 2_147_483_647, id: "cam-1" });
});

test("crafted cursors are refused (each was a 500 from the database)", () => {
  for (const crafted of [
    '[1e308,"x"]',
    '[9007199254740993,"x"]',
    '[1,"a\\u0000b"]',
    '[2147483648,"x"]',
    '[0.5,"x"]',
    '[1,"../etc"]',
    '[1,"x",3]',
    '{"rank":1}',
  ])
    expect(decodeCursor(base64url(crafted))).toBeUndefined();
  expect(decodeCursor("not-a-cursor")).toBeUndefined();
});
