import { describe, expect, test } from "bun:test";
import { letterboxInto } from "./letterbox.ts";
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

describe("letterboxInto", () => {
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

  test("a grey image feeds all three planes", () => {
    const spec = stretched(6, 4);
    const grey = { width: 13, height: 7, channels: 1, data: CARD.data.filter((_, i) => i % 3 === 0) };
    const out = new Uint8Array(72);
    letterboxInto(out, grey, planResize(spec, 13, 7), spec);
    const red = (OPENCV["6x4"] as number[]).filter((_, i) => i % 3 === 0);
    expect([...out]).toEqual([...red, ...red, ...red]);
  });
});
