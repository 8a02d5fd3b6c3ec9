import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { axisTaps, letterboxInto, type Pixels, type ResizePlan } from "./letterbox.ts";
import { BUILTIN_MODELS } from "./models/catalog.ts";
import type { ModelSpec } from "./models/spec.ts";
import { planResize } from "./preprocess.ts";

const yolox = BUILTIN_MODELS.find((m) => m.name === "yolox-nano") as ModelSpec;

/** A 13x7 RGB test card: pixel (x, y), channel c = ((37x + 91y + 53c) * 7) mod 256. */
const CARD = { width: 13, height: 7, channels: 3, data: new Uint8Array(13 * 7 * 3) };
for (let y = 0; y < 7; y += 1)
  for (let x = 0; x < 13; x += 1)
    for (let c = 0; c < 3; c += 1) CARD.data[(y * 13 + x) * 3 + c] = ((x * 37 + y * 91 + c * 53) * 7) % 256;

/**
 * cv2.resize(card, size, interpolation=cv2.INTER_LINEAR) from opencv-python-headless 4.12
 * (the version bench:peer pins), interleaved RGB: the models' reference preprocessing. Both
 * shrink, as frames do on their way to a model (enlarging, OpenCV rounds the last columns of
 * its edge rows differently, off by one at most; letterboxInto does not copy that).
 */
const OPENCV: Record<string, number[]> = {
  "6x4": [
    49, 163, 183, 55, 170, 189, 61, 177, 195, 68, 87, 202, 75, 93, 49, 81, 100, 55, 235, 126, 209, 18, 133,
    216, 24, 139, 222, 31, 143, 229, 37, 120, 235, 44, 127, 18, 230, 121, 204, 236, 128, 210, 19, 134, 217,
    26, 138, 224, 32, 115, 230, 38, 122, 236, 193, 148, 167, 199, 154, 173, 206, 161, 180, 52, 167, 186, 59,
    150, 193, 65, 84, 199,
  ],
  "9x5": [
    26, 141, 204, 30, 145, 209, 34, 149, 213, 39, 154, 217, 43, 107, 222, 47, 111, 226, 52, 115, 48, 56, 120,
    30, 60, 124, 34, 201, 162, 175, 102, 166, 179, 55, 171, 183, 60, 175, 188, 64, 77, 192, 69, 81, 196, 73,
    86, 201, 77, 90, 154, 82, 94, 55, 120, 235, 94, 124, 239, 98, 128, 243, 102, 133, 248, 107, 137, 252, 111,
    141, 143, 115, 146, 5, 120, 150, 9, 124, 154, 13, 128, 192, 153, 166, 196, 158, 171, 184, 162, 175, 51,
    167, 179, 56, 171, 183, 60, 175, 188, 65, 180, 192, 69, 81, 196, 73, 86, 201, 214, 124, 188, 218, 128,
    192, 222, 133, 196, 227, 137, 200, 26, 141, 205, 30, 145, 209, 35, 150, 214, 39, 103, 218, 43, 107, 222,
  ],
};

const stretched = (width: number, height: number) =>
  ({ ...yolox, input: { width, height }, channels: "rgb", resize: { mode: "stretch" } }) as ModelSpec;

/**
 * The same arithmetic one output value at a time, plainly: OpenCV's two passes (11-bit weights,
 * the vertical pass rounded as its vector kernel does), no row reuse, no SIMD, no layout. The
 * kernel must give exactly these bytes for any geometry.
 */
function reference(pixels: Pixels, plan: ResizePlan, spec: ModelSpec): Uint8Array<ArrayBuffer> {
  const { width: W, height: H } = spec.input;
  const { resizedWidth: rw, resizedHeight: rh, mapping } = plan;
  const out = new Uint8Array(3 * W * H).fill(spec.resize.mode === "letterbox" ? spec.resize.fill : 0);
  const xs = axisTaps(pixels.width, rw);
  const ys = axisTaps(pixels.height, rh);
  const cn = pixels.channels;
  const order = cn < 3 ? [0, 0, 0] : spec.channels === "bgr" ? [2, 1, 0] : [0, 1, 2];
  const at = (x: number, y: number, ch: number) => pixels.data[(y * pixels.width + x) * cn + ch] as number;
  for (let y = 0; y < rh; y += 1)
    for (let x = 0; x < rw; x += 1)
      for (let c = 0; c < 3; c += 1) {
        const ch = order[c] as number;
        const row = (sy: number) =>
          at(xs.index[x] as number, sy, ch) * (xs.w0[x] as number) +
          at(xs.next[x] as number, sy, ch) * (xs.w1[x] as number);
        const v =
          ((((row(ys.index[y] as number) >> 4) * (ys.w0[y] as number)) >> 16) +
            (((row(ys.next[y] as number) >> 4) * (ys.w1[y] as number)) >> 16) +
            2) >>
          2;
        out[c * W * H + (y + mapping.padY) * W + x + mapping.padX] = Math.min(v, 255);
      }
  return out;
}

describe("letterboxInto", () => {
  test("gives the plain arithmetic's bytes for any frame size, channels, model size and layout", () => {
    const geometry = fc.record({
      width: fc.integer({ min: 1, max: 300 }),
      height: fc.integer({ min: 1, max: 300 }),
      channels: fc.constantFrom(1, 3, 4),
      inputWidth: fc.integer({ min: 1, max: 160 }),
      inputHeight: fc.integer({ min: 1, max: 160 }),
      resize: fc.constantFrom(
        { mode: "stretch" },
        { mode: "letterbox", fill: 114, align: "center" },
        { mode: "letterbox", fill: 0, align: "top-left" },
      ),
      channelOrder: fc.constantFrom("rgb", "bgr"),
      seed: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(geometry, (g) => {
        const spec = {
          ...yolox,
          input: { width: g.inputWidth, height: g.inputHeight },
          channels: g.channelOrder,
          resize: g.resize,
        } as ModelSpec;
        const data = new Uint8Array(g.width * g.height * g.channels);
        for (let i = 0; i < data.length; i += 1) data[i] = (i * 31 + g.seed + (i >> 7)) & 255;
        const pixels = { data, width: g.width, height: g.height, channels: g.channels };
        const plan = planResize(spec, g.width, g.height);
        const out = new Uint8Array(3 * g.inputWidth * g.inputHeight);
        letterboxInto(out, pixels, plan, spec);
        expect(out).toEqual(reference(pixels, plan, spec));
      }),
      { numRuns: 150 },
    );
  });

  for (const [size, expected] of Object.entries(OPENCV)) {
    test(`resizes to ${size} exactly as OpenCV's INTER_LINEAR does`, () => {
      const [width, height] = size.split("x").map(Number) as [number, number];
      const spec = stretched(width, height);
      const out = new Uint8Array(3 * width * height);
      letterboxInto(out, CARD, planResize(spec, CARD.width, CARD.height), spec);
      const planar = [0, 1, 2].flatMap((c) =>
        Array.from({ length: width * height }, (_, i) => expected[i * 3 + c] as number),
      );
      expect([...out]).toEqual(planar);
    });
  }

  for (const align of ["top-left", "center"] as const) {
    for (const [width, height] of [
      [768, 432],
      [432, 768],
      [416, 416],
      [1000, 999],
    ] as const) {
      test(`letterbox ${align}, ${width}x${height} at model scale: image where planned, fill elsewhere, BGR`, () => {
        const spec = { ...yolox, resize: { mode: "letterbox", fill: 114, align } } as ModelSpec;
        const plan = planResize(spec, width, height);
        const { resizedWidth: rw, resizedHeight: rh, mapping } = plan;
        const pixels = new Uint8Array(rw * rh * 3);
        // Distinct values, none equal to the fill, so a pixel written in the wrong place shows.
        for (let i = 0; i < pixels.length; i += 1) pixels[i] = i % 100;
        // Stale values from a previous frame must not survive in the border.
        const out = new Uint8Array(3 * spec.input.width * spec.input.height).fill(7);
        letterboxInto(out, { data: pixels, width: rw, height: rh, channels: 3 }, plan, spec);
        const { width: W, height: H } = spec.input;
        const expected = new Uint8Array(3 * W * H).fill(114);
        for (let y = 0; y < rh; y += 1)
          for (let x = 0; x < rw; x += 1)
            for (const [c, source] of [2, 1, 0].entries())
              expected[c * W * H + (y + mapping.padY) * W + x + mapping.padX] = pixels[
                (y * rw + x) * 3 + source
              ] as number;
        expect(out).toEqual(expected);
      });
    }
  }

  test("a float input gets the same pixels, normalised", () => {
    const spec = {
      ...stretched(6, 4),
      normalize: { scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
    } as ModelSpec;
    const bytes = new Uint8Array(72);
    const floats = new Float32Array(72);
    const plan = planResize(spec, CARD.width, CARD.height);
    letterboxInto(bytes, CARD, plan, spec);
    letterboxInto(floats, CARD, plan, spec);
    for (let i = 0; i < 72; i += 1)
      expect(floats[i]).toBeCloseTo(((bytes[i] as number) / 255 - 0.5) / 0.25, 5);
  });

  test("frames of other sizes in between leave a size's result unchanged (tables and border rebuilt)", () => {
    const spec = { ...yolox, resize: { mode: "letterbox", fill: 114, align: "center" } } as ModelSpec;
    const frame = (width: number, height: number) => {
      const data = new Uint8Array(width * height * 3);
      for (let i = 0; i < data.length; i += 1) data[i] = (i * 7 + (i >> 9)) % 251;
      return { data, width, height, channels: 3 };
    };
    const resize = (pixels: ReturnType<typeof frame>) => {
      const out = new Uint8Array(3 * spec.input.width * spec.input.height);
      letterboxInto(out, pixels, planResize(spec, pixels.width, pixels.height), spec);
      return out;
    };
    const wide = frame(768, 432);
    const first = resize(wide);
    resize(frame(432, 768));
    resize(frame(640, 480));
    expect(resize(wide)).toEqual(first);
  });

  test("a frame too large for the thread's kept memory is resized all the same", () => {
    // 3000x3000 RGBA is 36 MB, past what a thread keeps: it gets memory of its own.
    const spec = { ...yolox, resize: { mode: "letterbox", fill: 114, align: "top-left" } } as ModelSpec;
    const size = 3000;
    const data = new Uint8Array(size * size * 4);
    for (let i = 0; i < data.length; i += 4) data.set([10, 20, 30, 255], i);
    // The bottom-right 20x20 pixels differ (the last three output columns of the last row read
    // from there), so an image read at the wrong offset shows.
    for (let y = size - 20; y < size; y += 1)
      for (let x = size - 20; x < size; x += 1) data.set([200, 200, 200, 255], (y * size + x) * 4);
    const out = new Uint8Array(3 * spec.input.width * spec.input.height);
    letterboxInto(out, { data, width: size, height: size, channels: 4 }, planResize(spec, size, size), spec);
    const plane = spec.input.width * spec.input.height;
    // BGR planes: blue, green, red.
    expect(out[0]).toBe(30);
    expect(out[plane + 1000]).toBe(20);
    expect(out[2 * plane + plane / 2]).toBe(10);
    expect(out[plane - 1]).toBe(200);
    expect(out[plane - 2]).toBe(200);
    expect(out[plane - 3]).toBe(200);
    expect(out[plane - 4]).toBe(30);
  });

  test("a grey image feeds all three planes", () => {
    const spec = stretched(6, 4);
    const grey = { width: 13, height: 7, channels: 1, data: CARD.data.filter((_, i) => i % 3 === 0) };
    const out = new Uint8Array(72);
    letterboxInto(out, grey, planResize(spec, 13, 7), spec);
    const red = (OPENCV["6x4"] as number[]).filter((_, i) => i % 3 === 0);
    expect([...out]).toEqual([...red, ...red, ...red]);
  });
});
