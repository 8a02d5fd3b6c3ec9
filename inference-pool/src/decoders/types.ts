import type { Tensor } from "onnxruntime-node";

/** How an input image maps into the model's input: x_in = x · scaleX + padX (same for y). */
export interface ImageMapping {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
}

/** One detection in the frame's own pixels. */
export interface PixelDetection {
  classId: number;
  score: number;
  box: [number, number, number, number];
}

export interface DecodeOptions {
  scoreThreshold: number;
  iouThreshold: number;
  inputWidth: number;
  inputHeight: number;
}

/**
 * A model output layout. Decoders are pure functions of the output tensors, so they are
 * tested on real tensors from the fixture models without a session.
 */
export interface Decoder<Config> {
  /** Whether the layout can carry several images per run (batch axis in every output). */
  batchable: boolean;
  /** Extra model inputs beyond the image (PicoDet takes its scale factor). */
  extraInputs?(
    config: Config,
    mappings: ImageMapping[],
    inputNames: readonly string[],
  ): Record<string, Tensor>;
  decode(
    config: Config,
    outputs: Record<string, Tensor>,
    mappings: ImageMapping[],
    options: DecodeOptions,
  ): PixelDetection[][];
  /**
   * Reads the 6-channel output that `reduceOutput` builds in the graph (raw box, score,
   * class), for layouts that have such a reduction.
   */
  decodeReduced?(
    config: Config,
    reduced: Tensor,
    mappings: ImageMapping[],
    options: DecodeOptions,
  ): PixelDetection[][];
}

/** Maps a box from model-input pixels back to the frame, clipped to it. */
export function toFramePixels(
  mapping: ImageMapping,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): [number, number, number, number] {
  const clipX = (v: number) => Math.min(mapping.width, Math.max(0, (v - mapping.padX) / mapping.scaleX));
  const clipY = (v: number) => Math.min(mapping.height, Math.max(0, (v - mapping.padY) / mapping.scaleY));
  return [clipX(x1), clipY(y1), clipX(x2), clipY(y2)];
}
