import { describe, expect, test } from "bun:test";
import { BUILTIN_MODELS } from "./models/catalog.ts";
import type { ModelSpec } from "./models/spec.ts";
import { fillTensor, planResize } from "./preprocess.ts";

const yolox = BUILTIN_MODELS.find((m) => m.name === "yolox-nano") as ModelSpec;

/** The letterbox written the plain way: every pixel of every plane is either fill or image. */
function reference(pixels: Uint8Array, width: number, height: number, spec: ModelSpec) {
  const { width: W, height: H } = spec.input;
  const plan = planResize(spec, width, height);
  const fill = spec.resize.mode === "letterbox" ? spec.resize.fill : 0;
  const out = new Uint8Array(3 * W * H).fill(fill);
  const order = spec.channels === "bgr" ? [2, 1, 0] : [0, 1, 2];
  for (let y = 0; y < plan.resizedHeight; y += 1) {
    for (let x = 0; x < plan.resizedWidth; x += 1) {
      for (const [c, source] of order.entries()) {
        out[c * W * H + (y + plan.mapping.padY) * W + x + plan.mapping.padX] = pixels[
          (y * plan.resizedWidth + x) * 3 + (source as number)
        ] as number;
      }
    }
  }
  return out;
}

describe("fillTensor", () => {
  for (const align of ["top-left", "center"] as const) {
    for (const [width, height] of [
      [768, 432],
      [432, 768],
      [416, 416],
      [1000, 999],
    ] as const) {
      test(`letterbox ${align}, ${width}x${height}: image where planned, fill everywhere else`, () => {
        const spec = { ...yolox, resize: { mode: "letterbox", fill: 114, align } } as ModelSpec;
        const plan = planResize(spec, width, height);
        const pixels = new Uint8Array(plan.resizedWidth * plan.resizedHeight * 3);
        // Distinct values, none equal to the fill, so a pixel written in the wrong place shows.
        for (let i = 0; i < pixels.length; i += 1) pixels[i] = i % 100;
        // Stale values from a previous frame must not survive in the border.
        const out = new Uint8Array(3 * spec.input.width * spec.input.height).fill(7);
        fillTensor(out, pixels, plan.resizedWidth, plan.resizedHeight, plan.mapping, spec);
        expect(out).toEqual(reference(pixels, width, height, spec));
      });
    }
  }
});
