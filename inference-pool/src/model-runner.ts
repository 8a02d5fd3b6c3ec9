import { StreamlensError } from "@streamlens/core";
import * as ort from "onnxruntime-node";
import { decoderFor } from "./decoders/decoder-for.ts";
import type { ImageMapping, PixelDetection } from "./decoders/types.ts";
import type { ModelSpec } from "./models/spec.ts";
import {
  type FrameImage,
  fitsInput,
  newInput,
  type PixelType,
  type PreparedImage,
  preprocess,
} from "./preprocess.ts";

/** What running a loaded model needs besides its session; plain data, so lanes get a copy. */
export interface RunnerModel {
  spec: ModelSpec;
  inputName: string;
  /** The model takes raw bytes (it normalises inside the graph). */
  uint8Input: boolean;
  /** The output the graph rewrite added (box, score, class per anchor), if any. */
  reducedOutput: string | undefined;
  iouThreshold: number;
}

export interface FrameDetections {
  objects: PixelDetection[];
  /** Model time for this frame: its share of the batch's session.run. */
  inferenceMs: number;
}

/** One frame's outcome: its detections and where it sat in the input, or why it could not run. */
export type FrameOutcome =
  | (FrameDetections & { mapping: ImageMapping })
  | { failed: { code: string; message: string } };

export const pixelTypeOf = (model: RunnerModel): PixelType => (model.uint8Input ? "uint8" : "float32");

/**
 * Runs prepared images through the model as one batch, decoded at `scoreThreshold`. The same
 * code runs on the main thread and in each session lane.
 */
export async function runChunk(
  session: ort.InferenceSession,
  model: RunnerModel,
  chunk: PreparedImage[],
  scoreThreshold: number,
): Promise<FrameDetections[]> {
  const { spec } = model;
  const { width, height } = spec.input;
  const mappings = chunk.map((image) => image.mapping);
  const decoder = decoderFor(spec.decoder);
  const feeds: Record<string, ort.Tensor> = {
    [model.inputName]: imageTensor(
      chunk.map((image) => image.data),
      model.uint8Input,
      [chunk.length, 3, height, width],
    ),
    ...decoder.extraInputs?.(spec.decoder, mappings, session.inputNames),
  };
  const started = performance.now();
  const outputs = await session.run(feeds);
  const inferenceMs = (performance.now() - started) / chunk.length;
  const options = {
    scoreThreshold,
    iouThreshold: model.iouThreshold,
    inputWidth: width,
    inputHeight: height,
  };
  const reduced = model.reducedOutput ? outputs[model.reducedOutput] : undefined;
  const decoded =
    reduced && decoder.decodeReduced
      ? decoder.decodeReduced(spec.decoder, reduced, mappings, options)
      : decoder.decode(spec.decoder, outputs, mappings, options);
  for (const output of Object.values(outputs)) output.dispose();
  return decoded.map((objects) => ({ objects, inferenceMs }));
}

/** Idle model inputs kept per thread: a batch's worth. */
const KEEP_INPUTS = 8;
/**
 * This thread's model inputs, reused from one chunk to the next: a fresh half megabyte per
 * frame was page-faulted in and later collected, where the limit's inputs are made once.
 */
const idleInputs: (Float32Array | Uint8Array)[] = [];

function takeInput(model: RunnerModel): Float32Array | Uint8Array {
  const type = pixelTypeOf(model);
  const fits = idleInputs.findIndex((input) => fitsInput(input, model.spec, type));
  return fits >= 0
    ? (idleInputs.splice(fits, 1)[0] as Float32Array | Uint8Array)
    : newInput(model.spec, type);
}

/**
 * Frames in, outcomes out, in order: each frame prepared (a frame that cannot be decoded fails
 * alone), the rest run as one batch at the lowest of their thresholds, then each keeps what
 * passes its own. Suppression only lets a higher score remove a box, so that equals decoding
 * each frame at its own threshold.
 */
export async function detectChunk(
  session: ort.InferenceSession,
  model: RunnerModel,
  images: FrameImage[],
  thresholds: number[],
  prepare?: (image: FrameImage) => Promise<PreparedImage>,
): Promise<FrameOutcome[]> {
  // Inputs prepared here go back to this thread's idle ones once the model has run.
  const taken: (Float32Array | Uint8Array)[] = [];
  try {
    return await prepareAndRun(
      session,
      model,
      images,
      thresholds,
      prepare ??
        ((image) => {
          const input = takeInput(model);
          taken.push(input);
          return preprocess(image, model.spec, pixelTypeOf(model), input);
        }),
    );
  } finally {
    idleInputs.push(...taken.slice(0, Math.max(0, KEEP_INPUTS - idleInputs.length)));
  }
}

async function prepareAndRun(
  session: ort.InferenceSession,
  model: RunnerModel,
  images: FrameImage[],
  thresholds: number[],
  prepare: (image: FrameImage) => Promise<PreparedImage>,
): Promise<FrameOutcome[]> {
  const prepared = await Promise.all(
    images.map((image) =>
      prepare(image).catch((error: unknown) => ({
        failed: {
          code: error instanceof StreamlensError ? error.code : "preprocess-failed",
          message: (error as Error).message,
        },
      })),
    ),
  );
  const ok = prepared.flatMap((p, i) =>
    "failed" in p ? [] : [{ image: p, threshold: thresholds[i] as number }],
  );
  const detected =
    ok.length === 0
      ? []
      : await runChunk(
          session,
          model,
          ok.map((o) => o.image),
          Math.min(...ok.map((o) => o.threshold)),
        );
  let next = 0;
  return prepared.map((p, i) => {
    if ("failed" in p) return p;
    const frame = detected[next] as FrameDetections;
    next += 1;
    const threshold = thresholds[i] as number;
    return { ...frame, objects: frame.objects.filter((o) => o.score >= threshold), mapping: p.mapping };
  });
}

/** One tensor for a chunk of prepared images (no copy for a single image). */
function imageTensor(images: (Float32Array | Uint8Array)[], uint8: boolean, dims: number[]): ort.Tensor {
  const size = (images[0]?.length ?? 0) as number;
  if (images.length === 1) {
    const [only] = images;
    return uint8
      ? new ort.Tensor("uint8", only as Uint8Array, dims)
      : new ort.Tensor("float32", only as Float32Array, dims);
  }
  const batch = uint8 ? new Uint8Array(size * images.length) : new Float32Array(size * images.length);
  for (const [i, image] of images.entries()) batch.set(image, i * size);
  return uint8
    ? new ort.Tensor("uint8", batch as Uint8Array, dims)
    : new ort.Tensor("float32", batch as Float32Array, dims);
}
