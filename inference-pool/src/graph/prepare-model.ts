import type { ModelSpec } from "../models/spec.ts";
import { makeBatchDynamic } from "./dynamic-batch.ts";
import { decodeModel, encodeModel, imageInputName } from "./onnx-graph.ts";
import { REDUCED_OUTPUT, reduceOutput } from "./output-reduction.ts";
import { type ByteNormalization, takeUint8Input } from "./uint8-input.ts";

export interface GraphRewrites {
  /** Take 8-bit pixels and convert (and normalise) inside the graph. */
  uint8Input: boolean;
  /** Turn a fixed batch of 1 into a symbolic batch where the graph allows it. */
  dynamicBatch: boolean;
  /** Cut the head's output to box, score and class inside the graph, where the decoder can. */
  reduceOutput: boolean;
}

export const ALL_REWRITES: GraphRewrites = { uint8Input: true, dynamicBatch: true, reduceOutput: true };

/** What the rewritten model takes and gives, for preprocessing and decoding. */
export interface PreparedModel {
  bytes: Uint8Array;
  /** The image input's name (the spec's, else the graph's first input that is not a weight). */
  inputName: string;
  uint8Input: boolean;
  /** The reduced output's name, when the output was reduced. */
  reducedOutput?: string;
  batchMadeDynamic: boolean;
}

/** value = (byte · scale − mean) / std as one multiply-add per channel. */
export function byteNormalization(spec: ModelSpec): ByteNormalization {
  const { scale, mean, std } = spec.normalize;
  const channel = (c: 0 | 1 | 2) => ({ scale: scale / std[c], offset: -mean[c] / std[c] });
  const [r, g, b] = [channel(0), channel(1), channel(2)];
  return { scale: [r.scale, g.scale, b.scale], offset: [r.offset, g.offset, b.offset] };
}

/**
 * Rewrites a detector, at load and in memory, into the form the pool runs best: bytes in,
 * any batch, a small output. Each rewrite is optional so tests and benchmarks can compare
 * against the original graph; the file on disk is never changed (its sha256 is the model's
 * identity).
 */
export function prepareModel(original: Uint8Array, spec: ModelSpec, rewrites: GraphRewrites): PreparedModel {
  const model = decodeModel(original);
  const inputName = spec.input.name ?? imageInputName(model);
  if (!rewrites.uint8Input && !rewrites.dynamicBatch && !rewrites.reduceOutput) {
    return { bytes: original, inputName, uint8Input: false, batchMadeDynamic: false };
  }
  const batchMadeDynamic = rewrites.dynamicBatch && makeBatchDynamic(model, inputName);
  if (rewrites.uint8Input) takeUint8Input(model, inputName, byteNormalization(spec));
  const reduced = rewrites.reduceOutput && reduceOutput(model, spec.decoder);
  return {
    bytes: encodeModel(model),
    inputName,
    uint8Input: rewrites.uint8Input,
    batchMadeDynamic,
    ...(reduced ? { reducedOutput: REDUCED_OUTPUT } : {}),
  };
}
