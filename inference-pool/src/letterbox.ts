import type { ImageMapping } from "./decoders/types.ts";
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
function axisTaps(srcSize: number, dstSize: number) {
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

/**
 * Resizes decoded pixels into a planar model input (letterboxed or stretched, as `plan` says),
 * in the model's channel order, normalised for a float32 input or as bytes for a uint8 one.
 *
 * Hand-written because the resize must be OpenCV's INTER_LINEAR to the bit: the detectors were
 * trained, and their reference code runs, on cv2.resize output, and a smoother resize (sharp's,
 * ffmpeg's) moves scores near the threshold enough to change counts. It follows resize.cpp's
 * fixed-point path (11-bit weights; the vertical pass as its SIMD kernel rounds), which gives
 * OpenCV's bytes exactly when shrinking (tested; enlarging, a few edge values may differ by
 * one), and writes each output value once, planar, without an intermediate resized image.
 */
export function letterboxInto(
  out: Float32Array | Uint8Array,
  pixels: Pixels,
  plan: ResizePlan,
  spec: ModelSpec,
): void {
  const { width: W, height: H } = spec.input;
  const { resizedWidth: rw, resizedHeight: rh, mapping } = plan;
  const plane = W * H;
  const bytes = out instanceof Uint8Array;
  const { scale, mean, std } = bytes ? { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } : spec.normalize;
  const cn = pixels.channels;
  // Source channel feeding each model plane: RGB reordered for BGR models; grey feeds all three.
  const order = cn < 3 ? [0, 0, 0] : spec.channels === "bgr" ? [2, 1, 0] : [0, 1, 2];
  const a = [0, 1, 2].map((c) => scale / (std[c] as number));
  const b = [0, 1, 2].map((c) => -(mean[c] as number) / (std[c] as number));

  if (spec.resize.mode === "letterbox" && (rw < W || rh < H)) fillBorder(out, plan, spec, a, b);

  const xs = axisTaps(pixels.width, rw);
  const ys = axisTaps(pixels.height, rh);
  const planes = cn < 3 ? 1 : 3;
  // Byte offsets of each output column's two source pixels within a row, and their weights.
  const left = new Int32Array(rw);
  const right = new Int32Array(rw);
  for (let x = 0; x < rw; x += 1) {
    left[x] = (xs.index[x] as number) * cn;
    right[x] = (xs.next[x] as number) * cn;
  }
  const { w0, w1 } = xs;
  const [c0, c1, c2] = order as [number, number, number];
  const src = pixels.data;
  const rowBytes = pixels.width * cn;
  // Horizontal pass results of two source rows, planar (OpenCV's int row buffers); output rows
  // next to each other mostly read the same source rows, so each is computed once.
  const rows = [
    { of: -1, data: new Int32Array(rw * planes) },
    { of: -1, data: new Int32Array(rw * planes) },
  ];
  const horizontal = (row: Int32Array, sy: number) => {
    const base = sy * rowBytes;
    for (let x = 0; x < rw; x += 1) {
      const i0 = base + (left[x] as number);
      const i1 = base + (right[x] as number);
      const a0 = w0[x] as number;
      const a1 = w1[x] as number;
      row[x] = (src[i0 + c0] as number) * a0 + (src[i1 + c0] as number) * a1;
      if (planes === 3) {
        row[rw + x] = (src[i0 + c1] as number) * a0 + (src[i1 + c1] as number) * a1;
        row[2 * rw + x] = (src[i0 + c2] as number) * a0 + (src[i1 + c2] as number) * a1;
      }
    }
  };
  /** The horizontal pass of source row `sy`, computed into the slot not holding `keep`. */
  const rowOf = (sy: number, keep: number): Int32Array => {
    const [first, second] = rows as [(typeof rows)[number], (typeof rows)[number]];
    if (first.of === sy) return first.data;
    if (second.of === sy) return second.data;
    const slot = first.of === keep ? second : first;
    horizontal(slot.data, sy);
    slot.of = sy;
    return slot.data;
  };
  // Byte output through a clamped view: rounding can reach 256 by one, and stores clamp for free.
  const clamped = bytes ? new Uint8ClampedArray(out.buffer, out.byteOffset, out.length) : undefined;

  for (let y = 0; y < rh; y += 1) {
    const sy0 = ys.index[y] as number;
    const sy1 = ys.next[y] as number;
    const r0 = rowOf(sy0, sy1);
    const r1 = rowOf(sy1, sy0);
    const b0 = ys.w0[y] as number;
    const b1 = ys.w1[y] as number;
    const dstRow = (y + mapping.padY) * W + mapping.padX;
    // OpenCV's vector kernel: each row's sum shifted down 4 bits, multiplied keeping the high 16
    // bits, then both rounded down 2 more bits.
    for (let c = 0; c < 3; c += 1) {
      const from = planes === 1 ? 0 : c * rw;
      const dst = c * plane + dstRow;
      if (clamped) {
        for (let x = 0; x < rw; x += 1) {
          clamped[dst + x] =
            (((((r0[from + x] as number) >> 4) * b0) >> 16) +
              ((((r1[from + x] as number) >> 4) * b1) >> 16) +
              2) >>
            2;
        }
      } else {
        const ac = a[c] as number;
        const bc = b[c] as number;
        for (let x = 0; x < rw; x += 1) {
          const v =
            (((((r0[from + x] as number) >> 4) * b0) >> 16) +
              ((((r1[from + x] as number) >> 4) * b1) >> 16) +
              2) >>
            2;
          out[dst + x] = (v > 255 ? 255 : v) * ac + bc;
        }
      }
    }
  }
}

/** The letterbox border only: the image rows are written after, so whole planes would be written twice. */
function fillBorder(
  out: Float32Array | Uint8Array,
  plan: ResizePlan,
  spec: ModelSpec,
  a: number[],
  b: number[],
) {
  const { width: W, height: H } = spec.input;
  const { resizedWidth: rw, resizedHeight: rh, mapping } = plan;
  const plane = W * H;
  const fill = spec.resize.mode === "letterbox" ? spec.resize.fill : 0;
  for (let c = 0; c < 3; c += 1) {
    const value = fill * (a[c] as number) + (b[c] as number);
    const start = c * plane;
    out.fill(value, start, start + mapping.padY * W);
    out.fill(value, start + (mapping.padY + rh) * W, start + plane);
    if (rw < W) {
      for (let y = mapping.padY; y < mapping.padY + rh; y += 1) {
        const row = start + y * W;
        out.fill(value, row, row + mapping.padX);
        out.fill(value, row + mapping.padX + rw, row + W);
      }
    }
  }
}
