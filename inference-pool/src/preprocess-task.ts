// Runs in a preprocessing worker thread (see preprocess-pool.ts): one frame in, the model's
// input tensor out.
import { StreamlensError } from "@streamlens/core";
import type { ModelSpec } from "./models/spec.ts";
import { type FrameImage, type PixelType, preprocess } from "./preprocess.ts";

export interface PreprocessTask {
  image: FrameImage;
  spec: ModelSpec;
  pixelType: PixelType;
}

/** A failure as plain data: thrown errors lose their `code` crossing the thread boundary. */
export interface PreprocessFailure {
  failed: { code: string; message: string };
}

export default async function run({ image, spec, pixelType }: PreprocessTask) {
  try {
    const prepared = await preprocess(image, spec, pixelType);
    // Copied back by structured clone: half a megabyte of bytes per frame costs far less than
    // the decode, and Piscina moves only top-level transferables.
    return { data: prepared.data, mapping: prepared.mapping };
  } catch (error) {
    const code = error instanceof StreamlensError ? error.code : "preprocess-failed";
    return { failed: { code, message: (error as Error).message } } satisfies PreprocessFailure;
  }
}
