/** Where a frame's bytes lie in the arena. */
export interface FrameSlot {
  at: number;
  length: number;
}

/** Blocks start on cache lines, so two frames never share one between threads. */
const ALIGN = 64;

/**
 * Frames on their way to the lanes, in memory that every lane holds from its start. Under Bun a
 * transferred ArrayBuffer still costs its size: moving a 1 MB frame to a lane and back took
 * 0.17 ms of the main thread and 0.3 ms of the lane's (per-thread CPU, schedstat), where an
 * offset into a SharedArrayBuffer is a small message. The main thread copies each frame in (the
 * bus message keeps its own bytes, for a redelivery or a snapshot), the lane reads it in place,
 * and the block is free once the lane's outcome is back.
 *
 * The buffer grows (a growable SharedArrayBuffer: the lanes see the new length) and never
 * shrinks; blocks are placed first fit from the lowest address, so only the most frames ever in
 * flight at once are touched and resident. Allocation is written here because the array-buffer
 * allocators on npm (thi.ng/malloc) manage a fixed buffer with their headers inside it; this one
 * keeps a few dozen blocks, on one thread.
 */
export class FrameArena {
  readonly buffer: SharedArrayBuffer;
  /** The blocks in use, by start: [start, end) byte offsets. */
  private readonly blocks: { start: number; end: number }[] = [];

  constructor(initialBytes: number, maxBytes: number) {
    this.buffer = new SharedArrayBuffer(initialBytes, { maxByteLength: maxBytes });
  }

  /** Bytes the blocks in use take. */
  get usedBytes(): number {
    return this.blocks.reduce((sum, b) => sum + b.end - b.start, 0);
  }

  /** A copy of `bytes` in the arena, or undefined when it cannot hold them even grown. */
  put(bytes: Uint8Array): FrameSlot | undefined {
    const size = Math.ceil(Math.max(1, bytes.length) / ALIGN) * ALIGN;
    let start = 0;
    let index = 0;
    for (; index < this.blocks.length; index += 1) {
      const block = this.blocks[index] as { start: number; end: number };
      if (block.start - start >= size) break;
      start = block.end;
    }
    const end = start + size;
    if (end > this.buffer.byteLength) {
      if (end > this.buffer.maxByteLength) return undefined;
      this.buffer.grow(Math.min(this.buffer.maxByteLength, Math.max(end, 2 * this.buffer.byteLength)));
    }
    this.blocks.splice(index, 0, { start, end });
    new Uint8Array(this.buffer, start, bytes.length).set(bytes);
    return { at: start, length: bytes.length };
  }

  /** The frame's block is free for the next ones. */
  free(slot: FrameSlot): void {
    const index = this.blocks.findIndex((b) => b.start === slot.at);
    if (index >= 0) this.blocks.splice(index, 1);
  }

  /** The bytes of a slot, read in place (on any thread holding the buffer). */
  static view(buffer: SharedArrayBuffer, slot: FrameSlot): Uint8Array {
    return new Uint8Array(buffer, slot.at, slot.length);
  }
}
