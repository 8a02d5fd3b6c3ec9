/** Capacity steps: JPEG frames vary in size, so a buffer a little larger can carry the next one. */
const STEP = 64 * 1024;

/**
 * The buffers that carry frames to the lanes and come back with their outcomes. Copying a raw
 * frame into a fresh megabyte (a `slice`) cost the main thread 0.3–0.8 ms in page faults; into
 * a buffer that came back, 0.15 ms, and the lanes free nothing. Holds at most `keepBytes` idle.
 */
export class FrameBuffers {
  private readonly idle: ArrayBuffer[] = [];
  private idleBytes = 0;

  constructor(private readonly keepBytes: number) {}

  /** A copy of `bytes` in a buffer of its own (an idle one when one fits), viewed at their length. */
  copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
    const fits = this.idle.findIndex(
      (b) => b.byteLength >= bytes.length && b.byteLength < bytes.length + 2 * STEP,
    );
    let buffer: ArrayBuffer;
    if (fits >= 0) {
      buffer = this.idle.splice(fits, 1)[0] as ArrayBuffer;
      this.idleBytes -= buffer.byteLength;
    } else {
      buffer = new ArrayBuffer(Math.ceil(Math.max(1, bytes.length) / STEP) * STEP);
    }
    const view = new Uint8Array(buffer, 0, bytes.length);
    view.set(bytes);
    return view;
  }

  /** Buffers a lane sent back, kept for the next frames while under the limit. */
  recycle(buffers: ArrayBuffer[]): void {
    for (const buffer of buffers) {
      // A buffer still attached to a view elsewhere never comes back detached: byteLength 0 is
      // one this thread no longer owns.
      if (buffer.byteLength === 0 || this.idleBytes + buffer.byteLength > this.keepBytes) continue;
      this.idle.push(buffer);
      this.idleBytes += buffer.byteLength;
    }
  }
}
