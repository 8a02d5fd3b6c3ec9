import { describe, expect, test } from "bun:test";
import { FrameArena, type FrameSlot } from "./frame-arena.ts";

const bytes = (length: number, value: number) => new Uint8Array(length).fill(value);
const KB = 1024;

describe("FrameArena", () => {
  test("a frame put in is read back in place, from the shared buffer", () => {
    const arena = new FrameArena(64 * KB, 64 * KB);
    const frame = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const slot = arena.put(frame) as FrameSlot;
    expect(FrameArena.view(arena.buffer, slot)).toEqual(frame);
    expect(arena.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  test("frames in flight never overlap, and a freed block takes the next frame first", () => {
    const arena = new FrameArena(64 * KB, 64 * KB);
    const a = arena.put(bytes(1000, 1)) as FrameSlot;
    const b = arena.put(bytes(1000, 2)) as FrameSlot;
    const c = arena.put(bytes(1000, 3)) as FrameSlot;
    expect([a.at, b.at, c.at]).toEqual([0, 1024, 2048]);
    expect(FrameArena.view(arena.buffer, a)).toEqual(bytes(1000, 1));
    expect(FrameArena.view(arena.buffer, b)).toEqual(bytes(1000, 2));
    arena.free(b);
    // The gap b left fits a frame of its size, not a larger one.
    expect((arena.put(bytes(2000, 4)) as FrameSlot).at).toBe(3072);
    expect((arena.put(bytes(900, 5)) as FrameSlot).at).toBe(1024);
    expect(FrameArena.view(arena.buffer, c)).toEqual(bytes(1000, 3));
  });

  test("it grows while frames need it, keeping those in flight, and refuses past its most", () => {
    const arena = new FrameArena(64 * KB, 256 * KB);
    const first = arena.put(bytes(60 * KB, 1)) as FrameSlot;
    expect(arena.put(bytes(60 * KB, 2))).toBeDefined();
    expect(arena.buffer.byteLength).toBe(128 * KB);
    expect(arena.put(bytes(100 * KB, 3))).toBeDefined();
    expect(arena.buffer.byteLength).toBe(256 * KB);
    expect(FrameArena.view(arena.buffer, first)).toEqual(bytes(60 * KB, 1));
    expect(arena.put(bytes(40 * KB, 4))).toBeUndefined();
    expect(arena.put(bytes(300 * KB, 5))).toBeUndefined();
    arena.free(first);
    expect(arena.put(bytes(40 * KB, 6))).toEqual({ at: 0, length: 40 * KB });
  });

  test("every block is freed by its own slot, an empty frame's too", () => {
    const arena = new FrameArena(64 * KB, 64 * KB);
    const empty = arena.put(new Uint8Array(0)) as FrameSlot;
    const next = arena.put(bytes(10, 1)) as FrameSlot;
    expect(next.at).not.toBe(empty.at);
    arena.free(empty);
    arena.free(next);
    expect(arena.usedBytes).toBe(0);
  });
});
