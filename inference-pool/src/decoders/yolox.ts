import { z } from "zod";
import { nms } from "./nms.ts";
import {
  type DecodeOptions,
  type Decoder,
  type ImageMapping,
  type PixelDetection,
  toFramePixels,
} from "./types.ts";

export const yoloxConfigSchema = z.object({
  kind: z.literal("yolox"),
  output: z.string().optional(),
  strides: z.array(z.number().int().positive()).default([8, 16, 32]),
});
export type YoloxConfig = z.infer<typeof yoloxConfigSchema>;

/** Grid cell x, y and stride of every output row, in YOLOX's order (stride, then y, then x). */
function grid(width: number, height: number, strides: number[]) {
  const cells: number[] = [];
  for (const stride of strides) {
    const columns = Math.floor(width / stride);
    const rows = Math.floor(height / stride);
    for (let y = 0; y < rows; y += 1) for (let x = 0; x < columns; x += 1) cells.push(x, y, stride);
  }
  return Float32Array.from(cells);
}

const grids = new Map<string, Float32Array>();

function gridFor(options: DecodeOptions, strides: number[], anchors: number) {
  const key = `${options.inputWidth}x${options.inputHeight}:${strides.join(",")}`;
  let cells = grids.get(key);
  if (!cells) {
    cells = grid(options.inputWidth, options.inputHeight, strides);
    grids.set(key, cells);
  }
  if (cells.length / 3 !== anchors) {
    throw new Error(
      `yolox: ${anchors} output rows do not match the ${cells.length / 3} grid cells of the input size`,
    );
  }
  return cells;
}

/** The box of grid row `a` from its raw x, y, log w, log h, in frame pixels. */
function box(cells: Float32Array, a: number, data: Float32Array, row: number, mapping: ImageMapping) {
  const gx = cells[a * 3] as number;
  const gy = cells[a * 3 + 1] as number;
  const stride = cells[a * 3 + 2] as number;
  const cx = ((data[row] as number) + gx) * stride;
  const cy = ((data[row + 1] as number) + gy) * stride;
  const w = Math.exp(data[row + 2] as number) * stride;
  const h = Math.exp(data[row + 3] as number) * stride;
  return toFramePixels(mapping, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
}

/**
 * YOLOX head output [N, anchors, 5 + classes]: raw x, y, log w, log h per grid cell, then
 * sigmoid objectness and class scores; score = objectness · best class.
 */
export const yoloxDecoder: Decoder<YoloxConfig> = {
  batchable: true,
  decode(config, outputs, mappings, options) {
    const tensor = outputs[config.output ?? Object.keys(outputs)[0] ?? ""];
    if (!tensor) throw new Error("yolox: model produced no output");
    const [, anchors = 0, width = 0] = tensor.dims;
    const classes = width - 5;
    const cells = gridFor(options, config.strides, anchors);
    const data = tensor.data as Float32Array;
    return mappings.map((mapping, image) => {
      const found: PixelDetection[] = [];
      const base = image * anchors * width;
      for (let a = 0; a < anchors; a += 1) {
        const row = base + a * width;
        const objectness = data[row + 4] as number;
        if (objectness < options.scoreThreshold) continue;
        let best = 0;
        let bestScore = 0;
        for (let c = 0; c < classes; c += 1) {
          const s = data[row + 5 + c] as number;
          if (s > bestScore) {
            bestScore = s;
            best = c;
          }
        }
        const score = objectness * bestScore;
        if (score < options.scoreThreshold) continue;
        found.push({ classId: best, score, box: box(cells, a, data, row, mapping) });
      }
      return nms(found, options.iouThreshold);
    });
  },
  decodeReduced(config, reduced, mappings, options) {
    const [, anchors = 0] = reduced.dims;
    const cells = gridFor(options, config.strides, anchors);
    const data = reduced.data as Float32Array;
    return mappings.map((mapping, image) => {
      const found: PixelDetection[] = [];
      const base = image * anchors * 6;
      for (let a = 0; a < anchors; a += 1) {
        const row = base + a * 6;
        const score = data[row + 4] as number;
        if (score < options.scoreThreshold) continue;
        found.push({ classId: data[row + 5] as number, score, box: box(cells, a, data, row, mapping) });
      }
      return nms(found, options.iouThreshold);
    });
  },
};
