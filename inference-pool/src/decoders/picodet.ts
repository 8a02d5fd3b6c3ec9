import { Tensor } from "onnxruntime-node";
import { z } from "zod";
import type { Decoder, PixelDetection } from "./types.ts";

export const picodetConfigSchema = z.object({
  kind: z.literal("picodet-nms"),
  boxesOutput: z.string().default("multiclass_nms3_0.tmp_0"),
  scaleFactorInput: z.string().default("scale_factor"),
});
export type PicodetConfig = z.infer<typeof picodetConfigSchema>;

/**
 * PaddleDetection export with NMS in the graph: rows [class, score, x1, y1, x2, y2] already in
 * frame pixels (the graph divides by the `scale_factor` input). Its count output is wrong in
 * this export (always the anchor count), so the row count comes from the tensor's shape.
 */
export const picodetDecoder: Decoder<PicodetConfig> = {
  batchable: false,
  extraInputs(config, mappings) {
    const mapping = mappings[0];
    if (!mapping) throw new Error("picodet: no image");
    return {
      [config.scaleFactorInput]: new Tensor(
        "float32",
        Float32Array.from([mapping.scaleY, mapping.scaleX]),
        [1, 2],
      ),
    };
  },
  decode(config, outputs, mappings, options) {
    const tensor = outputs[config.boxesOutput];
    if (!tensor) throw new Error(`picodet: the model has no output ${config.boxesOutput}`);
    const mapping = mappings[0];
    if (!mapping) return [];
    const data = tensor.data as Float32Array;
    const rows = tensor.dims[0] ?? 0;
    const found: PixelDetection[] = [];
    const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
    for (let r = 0; r < rows; r += 1) {
      const classId = data[r * 6] as number;
      const score = data[r * 6 + 1] as number;
      if (classId < 0 || score < options.scoreThreshold) continue;
      found.push({
        classId: Math.round(classId),
        score,
        box: [
          clip(data[r * 6 + 2] as number, mapping.width),
          clip(data[r * 6 + 3] as number, mapping.height),
          clip(data[r * 6 + 4] as number, mapping.width),
          clip(data[r * 6 + 5] as number, mapping.height),
        ],
      });
    }
    return [found.sort((a, b) => b.score - a.score)];
  },
};
