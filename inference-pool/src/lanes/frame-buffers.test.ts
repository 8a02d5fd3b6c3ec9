import { describe, expect, test } from "bun:test";
import { FrameBuffers } from "./frame-buffers.ts";

const bytes = (length: number, value: number) => new Uint8Array(length).fill(value);

describe("FrameBuffers", () => {
  test("a copy holds the frame's bytes, in a buffer of its own", () => {
    const buffers = new FrameBuffers(1 << 20);
    const frame = bytes(1000, 7);
    const copy = buffers.copy(frame);
    expect(copy).toEqual(frame);
    expect(copy.buffer).not.toBe(frame.buffer);
  });

  test("a buffer sent back carries a later frame of about the same size", () => {
    const buffers = new FrameBuffers(1 << 20);
    const first = buffers.copy(bytes(50_000, 1));
    buffers.recycle([first.buffer]);
    const second = buffers.copy(bytes(60_000, 2));
    expect(second.buffer).toBe(first.buffer);
    expect(second).toEqual(bytes(60_000, 2));
    // Only one idle buffer: the next frame gets a new one.
    expect(buffers.copy(bytes(60_000, 3)).buffer).not.toBe(first.buffer);
  });

  test("a buffer far larger or too small is not used for a frame", () => {
    const buffers = new FrameBuffers(8 << 20);
    const small = buffers.copy(bytes(10_000, 1));
    const large = buffers.copy(bytes(4_000_000, 1));
    buffers.recycle([small.buffer, large.buffer]);
    const frame = buffers.copy(bytes(1_000_000, 5));
    expect(frame.buffer).not.toBe(small.buffer);
    expect(frame.buffer).not.toBe(large.buffer);
  });

  test("idle buffers are kept only up to the limit, and detached ones never", () => {
    const buffers = new FrameBuffers(100_000);
    const a = buffers.copy(bytes(60_000, 1));
    const b = buffers.copy(bytes(60_000, 1));
    const detached = buffers.copy(bytes(60_000, 1)).buffer;
    structuredClone(detached, { transfer: [detached] });
    buffers.recycle([detached, a.buffer, b.buffer]);
    // a fits under the limit; b would pass it; the detached one is skipped.
    expect(buffers.copy(bytes(60_000, 2)).buffer).toBe(a.buffer);
    expect(buffers.copy(bytes(60_000, 2)).buffer).not.toBe(b.buffer);
  });
});
