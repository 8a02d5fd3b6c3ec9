/**
 * Splits ffmpeg's `image2pipe` MJPEG output into single JPEG images. Each image runs from SOI
 * (FF D8) to EOI (FF D9); ffmpeg's encoder writes no embedded thumbnails and byte-stuffs 0xFF
 * inside entropy-coded data, so the first FF D9 after an SOI ends the image. No library splits
 * a raw MJPEG byte stream, hence these few lines.
 */
export class JpegSplitter {
  private buffer = new Uint8Array(1 << 20);
  private length = 0;
  /** Where the EOI search resumes, so each byte is scanned once. */
  private scanFrom = 2;

  /** Appends a chunk and returns every image it completes. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.append(chunk);
    const images: Uint8Array[] = [];
    for (;;) {
      const end = this.findEoi();
      if (end < 0) break;
      images.push(this.buffer.slice(0, end));
      this.buffer.copyWithin(0, end, this.length);
      this.length -= end;
      this.scanFrom = 2;
    }
    return images;
  }

  /** Bytes held that do not yet form a whole image (a truncated last image, at exit). */
  get pending(): number {
    return this.length;
  }

  private append(chunk: Uint8Array) {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + chunk.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
  }

  private findEoi(): number {
    const buf = this.buffer;
    for (let i = Math.max(this.scanFrom, 2); i < this.length; i += 1) {
      if (buf[i] === 0xd9 && buf[i - 1] === 0xff) return i + 1;
    }
    this.scanFrom = Math.max(2, this.length);
    return -1;
  }
}
