import type { ImageMapping } from "./decoders/types.ts";
import { LETTERBOX_WASM } from "./letterbox.wasm.ts";
import type { ModelSpec } from "./models/spec.ts";

/** Decoded 8-bit pixels, interleaved: 3 channels RGB, 4 RGBA (alpha ignored), or 1 grey. */
export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** Where the resized image lands in the model input. */
export interface ResizePlan {
  resizedWidth: number;
  resizedHeight: number;
  mapping: ImageMapping;
}

// OpenCV's fixed-point bilinear: 11-bit weights, as in its resize.cpp (INTER_RESIZE_COEF_BITS).
const COEF_BITS = 11;
const COEF_SCALE = 1 << COEF_BITS;

/** cvRound of a float: nearest, ties to even (what saturate_cast<short> does). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Source index and the two weights of each destination index along one axis, as OpenCV picks them. */
export function axisTaps(srcSize: number, dstSize: number) {
  const scale = srcSize / dstSize;
  const index = new Int32Array(dstSize);
  const next = new Int32Array(dstSize);
  const w0 = new Int32Array(dstSize);
  const w1 = new Int32Array(dstSize);
  for (let d = 0; d < dstSize; d += 1) {
    // float32 arithmetic, as OpenCV computes fx
    let f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = Math.fround(f - s);
    if (s < 0) {
      f = 0;
      s = 0;
    }
    if (s >= srcSize - 1) {
      f = 0;
      s = srcSize - 1;
    }
    index[d] = s;
    next[d] = Math.min(s + 1, srcSize - 1);
    w0[d] = roundHalfEven(Math.fround(1 - f) * COEF_SCALE);
    w1[d] = roundHalfEven(f * COEF_SCALE);
  }
  return { index, next, w0, w1 };
}

/** The kernel's exports (letterbox.wat); pointers are byte offsets into its memory. */
interface KernelExports {
  horizontal(
    src: number,
    xoff: number,
    xw: number,
    row: number,
    n: number,
    plane: number,
    mask: number,
  ): void;
  verticalBytes(r0: number, r1: number, b0: number, b1: number, dst: number, n: number): void;
  verticalFloats(
    r0: number,
    r1: number,
    b0: number,
    b1: number,
    dst: number,
    n: number,
    a: number,
    b: number,
  ): void;
}

/** Where one geometry (source size and layout into the model input) sits in the kernel's memory. */
interface Layout {
  key: string;
  /** The source pixels, then 16 spare bytes: the last column's load reads past the row. */
  src: number;
  srcBytes: number;
  rowBytes: number;
  /** The whole model input, border included (written once per layout). */
  dst: number;
  dstLength: number;
  /** Bytes per output value: 1, or 4 for float32. */
  size: 1 | 4;
  /** Per output column: its first source pixel's byte offset in a row (i32), and weights (16 bytes). */
  xoff: number;
  xw: number;
  mask: number;
  /** Two slots of three planar i32 rows: the horizontal pass of two source rows. */
  slots: [number, number];
  plane: number;
  ys: ReturnType<typeof axisTaps>;
  /** Per plane, value = byte * a + b (see coefficients). */
  a: number[];
  b: number[];
}

const align16 = (n: number) => (n + 15) & ~15;
const WASM_PAGE = 65536;
// Compiled once per thread (synchronously: the module is about a kilobyte).
const KERNEL_MODULE = new WebAssembly.Module(Buffer.from(LETTERBOX_WASM, "base64"));

/**
 * The resize on one thread: the kernel instance, its memory, and the tables of the last
 * geometry (frames of a stream share one, so they are built once).
 */
class ResizeKernel {
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly kernel: KernelExports;
  private layout: Layout | undefined;

  constructor() {
    const instance = new WebAssembly.Instance(KERNEL_MODULE, { env: { memory: this.memory } });
    this.kernel = instance.exports as unknown as KernelExports;
  }

  resize(out: Float32Array | Uint8Array, pixels: Pixels, plan: ResizePlan, spec: ModelSpec): void {
    const layout = this.layoutFor(out, pixels, plan, spec);
    const { src, srcBytes, rowBytes, slots, size, ys, a, b } = layout;
    if (pixels.data.length < srcBytes)
      throw new RangeError(
        `${pixels.width}x${pixels.height}x${pixels.channels} pixels need ${srcBytes} bytes`,
      );
    new Uint8Array(this.memory.buffer, src, srcBytes).set(pixels.data.subarray(0, srcBytes));
    const { width: W, height: H } = spec.input;
    const { resizedWidth: rw, resizedHeight: rh, mapping } = plan;
    const kernel = this.kernel;
    // Output rows next to each other mostly read the same source rows: each row's horizontal
    // pass is computed once, into the slot not holding the other row needed.
    const held = [-1, -1];
    const rowOf = (sy: number, keep: number): number => {
      if (held[0] === sy) return slots[0];
      if (held[1] === sy) return slots[1];
      const slot = held[0] === keep ? 1 : 0;
      const row = slots[slot];
      kernel.horizontal(src + sy * rowBytes, layout.xoff, layout.xw, row, rw, layout.plane, layout.mask);
      held[slot] = sy;
      return row;
    };
    const planeBytes = W * H * size;
    for (let y = 0; y < rh; y += 1) {
      const sy0 = ys.index[y] as number;
      const sy1 = ys.next[y] as number;
      const r0 = rowOf(sy0, sy1);
      const r1 = rowOf(sy1, sy0);
      const b0 = ys.w0[y] as number;
      const b1 = ys.w1[y] as number;
      const dstRow = layout.dst + ((y + mapping.padY) * W + mapping.padX) * size;
      for (let c = 0; c < 3; c += 1) {
        const from = c * layout.plane;
        const dst = dstRow + c * planeBytes;
        if (size === 1) kernel.verticalBytes(r0 + from, r1 + from, b0, b1, dst, rw);
        else kernel.verticalFloats(r0 + from, r1 + from, b0, b1, dst, rw, a[c] as number, b[c] as number);
      }
    }
    out.set(
      size === 1
        ? new Uint8Array(this.memory.buffer, layout.dst, layout.dstLength)
        : new Float32Array(this.memory.buffer, layout.dst, layout.dstLength),
    );
  }

  /** The layout for this geometry: the last one, or a new one (memory grown, tables and border written). */
  private layoutFor(
    out: Float32Array | Uint8Array,
    pixels: Pixels,
    plan: ResizePlan,
    spec: ModelSpec,
  ): Layout {
    const { width: W, height: H } = spec.input;
    const { resizedWidth: rw, resizedHeight: rh, mapping } = plan;
    const cn = pixels.channels;
    const size = out instanceof Uint8Array ? 1 : 4;
    const { a, b } = coefficients(out, spec);
    const fill = spec.resize.mode === "letterbox" ? spec.resize.fill : 0;
    // Source channel feeding each model plane: RGB reordered for BGR models; grey feeds all three.
    const order = cn < 3 ? [0, 0, 0] : spec.channels === "bgr" ? [2, 1, 0] : [0, 1, 2];
    const key = [
      pixels.width,
      pixels.height,
      cn,
      rw,
      rh,
      mapping.padX,
      mapping.padY,
      W,
      H,
      size,
      fill,
      order,
      a,
      b,
    ].join();
    if (this.layout?.key === key) return this.layout;

    // The horizontal pass runs four columns a step: its tables and rows reach a multiple of four.
    const columns = Math.ceil(rw / 4) * 4;
    const plane = columns * 4;
    const mask = 0;
    const xoff = 16;
    const xw = xoff + columns * 4;
    const slots: [number, number] = [xw + columns * 16, 0];
    slots[1] = slots[0] + 3 * plane;
    const dst = slots[1] + 3 * plane;
    const dstLength = 3 * W * H;
    const src = align16(dst + dstLength * size);
    const rowBytes = pixels.width * cn;
    const srcBytes = rowBytes * pixels.height;
    const end = src + srcBytes + 16;
    const pages = Math.ceil(end / WASM_PAGE) - this.memory.buffer.byteLength / WASM_PAGE;
    if (pages > 0) this.memory.grow(pages);

    const heap = this.memory.buffer;
    // Swizzle: for each plane, (this pixel's channel, the next pixel's) as 16-bit lanes; 0xff reads as 0.
    const masks = new Uint8Array(heap, mask, 16).fill(0xff);
    for (let c = 0; c < 3; c += 1) {
      masks[4 * c] = order[c] as number;
      masks[4 * c + 2] = cn + (order[c] as number);
    }
    const xs = axisTaps(pixels.width, rw);
    // The columns past the image read its first pixel with weight 0 (their sums are never read).
    const offsets = new Int32Array(heap, xoff, columns).fill(0);
    const weights = new Int16Array(heap, xw, columns * 8).fill(0);
    for (let x = 0; x < rw; x += 1) {
      const w1 = xs.w1[x] as number;
      // The kernel loads the next pixel from right after this one: true wherever its weight counts.
      if (w1 !== 0 && xs.next[x] !== (xs.index[x] as number) + 1) throw new Error("resize taps not adjacent");
      offsets[x] = (xs.index[x] as number) * cn;
      for (let c = 0; c < 3; c += 1) {
        weights[x * 8 + 2 * c] = xs.w0[x] as number;
        weights[x * 8 + 2 * c + 1] = w1;
      }
    }
    // The border: the image rows are written over it for every frame, the rest stays.
    const plane0 = W * H;
    const target = size === 1 ? new Uint8Array(heap, dst, dstLength) : new Float32Array(heap, dst, dstLength);
    for (let c = 0; c < 3; c += 1)
      target.fill(fill * (a[c] as number) + (b[c] as number), c * plane0, (c + 1) * plane0);
    this.layout = {
      key,
      src,
      srcBytes,
      rowBytes,
      dst,
      dstLength,
      size,
      xoff,
      xw,
      mask,
      slots,
      plane,
      ys: axisTaps(pixels.height, rh),
      a,
      b,
    };
    return this.layout;
  }
}

/** Each plane's value is byte * a + b: normalised for a float input, the byte itself for a uint8 one. */
function coefficients(out: Float32Array | Uint8Array, spec: ModelSpec) {
  const bytes = out instanceof Uint8Array;
  const { scale, mean, std } = bytes ? { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } : spec.normalize;
  return {
    a: [0, 1, 2].map((c) => scale / (std[c] as number)),
    b: [0, 1, 2].map((c) => -(mean[c] as number) / (std[c] as number)),
  };
}

/**
 * A thread keeps one kernel, whose memory holds the last frame: WebAssembly memory only grows,
 * so a frame larger than this (a 4K rgb24 frame is 24 MiB) is resized in memory of its own,
 * freed with it, rather than keep up to 64 MiB per thread for one odd frame.
 */
const KEPT_SOURCE_BYTES = 32 * 1024 * 1024;
let threadKernel: ResizeKernel | undefined;

/**
 * Resizes decoded pixels into a planar model input (letterboxed or stretched, as `plan` says),
 * in the model's channel order, normalised for a float32 input or as bytes for a uint8 one.
 *
 * Hand-written because the resize must be OpenCV's INTER_LINEAR to the bit: the detectors were
 * trained, and their reference code runs, on cv2.resize output, and a smoother resize (sharp's,
 * ffmpeg's) moves scores near the threshold enough to change counts. It follows resize.cpp's
 * fixed-point path (11-bit weights; the vertical pass as its SIMD kernel rounds), which gives
 * OpenCV's bytes exactly when shrinking (tested; enlarging, a few edge values may differ by
 * one). Its inner loops are WebAssembly SIMD (letterbox.wat): in JavaScript they took 4 ms of a
 * 30 ms frame on a CPU lane, 0.9 ms in WebAssembly, copies in and out included.
 */
export function letterboxInto(
  out: Float32Array | Uint8Array,
  pixels: Pixels,
  plan: ResizePlan,
  spec: ModelSpec,
): void {
  if (pixels.width * pixels.height * pixels.channels > KEPT_SOURCE_BYTES) {
    new ResizeKernel().resize(out, pixels, plan, spec);
    return;
  }
  threadKernel ??= new ResizeKernel();
  threadKernel.resize(out, pixels, plan, spec);
}
