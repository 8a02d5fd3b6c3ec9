import { z } from "zod";
import { decoderConfigSchema } from "../decoders/decoder-for.ts";

const triple = z.tuple([z.number(), z.number(), z.number()]);
const namePart = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "letters, digits, '_', '.', '-'");

/**
 * Everything needed to run a detector: where its weights come from (URL + sha256), how to
 * prepare an image for it, and how to read its outputs. Built-in specs live in catalog.ts;
 * users can pass their own as a JSON file.
 */
export const modelSpecSchema = z
  .object({
    name: namePart,
    version: namePart,
    file: z.string().regex(/^[^/\\]+\.onnx$/, "a file name ending in .onnx, without folders"),
    url: z.string().url(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
    input: z.object({
      name: z.string().optional(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    }),
    channels: z.enum(["rgb", "bgr"]),
    /** value = (pixel · scale − mean) / std, per channel in model order. */
    normalize: z.object({
      scale: z.number().positive(),
      mean: triple.default([0, 0, 0]),
      std: triple.default([1, 1, 1]),
    }),
    resize: z.discriminatedUnion("mode", [
      z.object({
        mode: z.literal("letterbox"),
        fill: z.number().min(0).max(255).default(114),
        align: z.enum(["top-left", "center"]).default("center"),
      }),
      z.object({ mode: z.literal("stretch") }),
    ]),
    classes: z.array(z.string().min(1)).min(1),
    decoder: decoderConfigSchema,
    /**
     * The score threshold used unless the operator or the stream sets one: chosen per model for
     * counting (`bun run bench:accuracy`), as models score the same objects very differently.
     */
    scoreThreshold: z.number().min(0.01).max(1).default(0.5),
  })
  .strict();

export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type ModelSpecInput = z.input<typeof modelSpecSchema>;

export function modelRef(spec: Pick<ModelSpec, "name" | "version">): string {
  return `${spec.name}@${spec.version}`;
}
