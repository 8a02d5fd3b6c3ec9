import { expect, test } from "bun:test";
import { DropOldestBuffer } from "./drop-oldest-buffer.ts";

test("keeps the newest items and reports what it dropped", async () => {
  const buffer = new DropOldestBuffer<number>(2);
  expect(buffer.push(1)).toBeUndefined();
  expect(buffer.push(2)).toBeUndefined();
  expect(buffer.push(3)).toBe(1);
  buffer.close();
  const taken: number[] = [];
  for await (const item of buffer) taken.push(item);
  expect(taken).toEqual([2, 3]);
});

test("a waiting consumer wakes on push and ends after close", async () => {
  const buffer = new DropOldestBuffer<string>(1);
  const taken: string[] = [];
  const consumer = (async () => {
    for await (const item of buffer) taken.push(item);
  })();
  await Bun.sleep(5);
  buffer.push("a");
  await Bun.sleep(5);
  buffer.push("b");
  buffer.close();
  await consumer;
  expect(taken).toEqual(["a", "b"]);
});
