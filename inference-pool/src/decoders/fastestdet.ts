import { z } from "zod";
import { nms } from "./nms.ts";
import type { Decoder, ImageMapping, PixelDetection } from "./types.ts";

export const fastestdetConfigSchema = z.object({
  kind: z.literal("fastestdet"),
  output: z.string().optional(),
  /** score = objectness^objPower · class^clsPower, as FastestDet's own demo scores its boxes. */
  objPower: z.number().positive().default(0.6),
  clsPower: z.number().positive().default(0.4),
});
export type FastestdetConfig = z.infer<typeof fastestdetConfigSchema>;

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const clip = (v: number, max: number) => Math.min(max, Math.max(0, v * max));

/** The box of cell (gx, gy) from its tanh offsets and sigmoid sizes, in frame pixels. */
function box(
  at: (channel: number) => number,
  gx: number,
  gy: number,
  rows: number,
  columns: number,
  mapping: ImageMapping,
): [number, number, number, number] {
  const cx = (gx + Math.tanh(at(0))) / columns;
  const cy = (gy + Math.tanh(at(1))) / rows;
  const w = sigmoid(at(2));
  const h = sigmoid(at(3));
  return [
    clip(cx - w / 2, mapping.width),
    clip(cy - h / 2, mapping.height),
    clip(cx + w / 2, mapping.width),
    clip(cy + h / 2, mapping.height),
  ];
}

/**
 * FastestDet's single-scale NCHW grid [N, 5 + classes, H, W]: sigmoid objectness, tanh
 * offsets, sigmoid sizes as fractions of the image, softmax class scores.
 */
export const fastestdetDecoder: Decoder<FastestdetConfig> = {
  batchable: true,
  decode(config, outputs, mappings, options) {
    const tensor = outputs[config.output ?? Object.keys(outputs)[0] ?? ""];
    if (!tensor) throw new Error("fastestdet: model produced no output");
    const [, channels = 0, rows = 0, columns = 0] = tensor.dims;
    const classes = channels - 5;
    const plane = rows * columns;
    const data = tensor.data as Float32Array;
    return mappings.map((mapping, image) => {
      const base = image * channels * plane;
      const at = (channel: number, cell: number) => data[base + channel * plane + cell] as number;
      const found: PixelDetection[] = [];
      for (let gy = 0; gy < rows; gy += 1) {
        for (let gx = 0; gx < columns; gx += 1) {
          const cell = gy * columns + gx;
          const objectness = at(0, cell);
          let best = 0;
          let bestScore = 0;
          for (let c = 0; c < classes; c += 1) {
            const s = at(5 + c, cell);
            if (s > bestScore) {
              bestScore = s;
              best = c;
            }
          }
          const score = objectness ** config.objPower * bestScore ** config.clsPower;
          if (score < options.scoreThreshold) continue;
          const b = box((channel) => at(1 + channel, cell), gx, gy, rows, columns, mapping);
          found.push({ classId: best, score, box: b });
        }
      }
      return nms(found, options.iouThreshold);
    });
  },
  decodeReduced(_config, reduced, mappings, options) {
    const [, , rows = 0, columns = 0] = reduced.dims;
    const plane = rows * columns;
    const data = reduced.data as Float32Array;
    return mappings.map((mapping, image) => {
      const base = image * 6 * plane;
      const found: PixelDetection[] = [];
      for (let cell = 0; cell < plane; cell += 1) {
        const score = data[base + 4 * plane + cell] as number;
        if (score < options.scoreThreshold) continue;
        const at = (channel: number) => data[base + channel * plane + cell] as number;
        const gx = cell % columns;
        const gy = Math.floor(cell / columns);
        found.push({ classId: at(5), score, box: box(at, gx, gy, rows, columns, mapping) });
      }
      return nms(found, options.iouThreshold);
    });
  },
};
