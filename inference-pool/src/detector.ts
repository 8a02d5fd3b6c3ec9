import type { Logger } from "@streamlens/core";
import * as ort from "onnxruntime-node";
import { decoderFor } from "./decoders/decoder-for.ts";
import type { PixelDetection } from "./decoders/types.ts";
import { ensureModelFile } from "./models/model-store.ts";
import { type ModelSpec, modelRef } from "./models/spec.ts";
import { type PreparedImage, preprocess } from "./preprocess.ts";
import { type ExecutionProvider, hasDynamicBatch, loadSession } from "./runtime/session.ts";

export interface DetectorOptions {
  modelsDirs: string[];
  provider: ExecutionProvider;
  /** ONNX Runtime intra-op threads; 0 = its default (one per core). */
  intraOpThreads: number;
  /** Largest batch to run at once when the model has a dynamic batch axis. */
  maxBatch: number;
  scoreThreshold: number;
  iouThreshold: number;
  logger: Logger;
}

export interface FrameDetections {
  objects: PixelDetection[];
  /** Model time for this frame: its share of the batch's session.run. */
  inferenceMs: number;
}

/**
 * One loaded model: preprocessing, ONNX Runtime session and output decoding. Batches run as
 * one tensor when the model allows it, else image by image on the same session.
 */
export class Detector {
  private constructor(
    readonly spec: ModelSpec,
    private readonly session: ort.InferenceSession,
    readonly provider: ExecutionProvider,
    readonly maxBatch: number,
    private readonly inputName: string,
    private readonly options: DetectorOptions,
  ) {}

  static async load(spec: ModelSpec, options: DetectorOptions): Promise<Detector> {
    const path = await ensureModelFile(spec, { dirs: options.modelsDirs, logger: options.logger });
    const { session, provider } = await loadSession(
      path,
      options.provider,
      options.intraOpThreads,
      options.logger,
    );
    const inputName = spec.input.name ?? session.inputNames[0] ?? "images";
    const decoder = decoderFor(spec.decoder);
    const maxBatch =
      decoder.batchable && hasDynamicBatch(session, inputName) ? Math.max(1, options.maxBatch) : 1;
    options.logger.info({ model: modelRef(spec), provider, maxBatch, path }, "model loaded");
    return new Detector(spec, session, provider, maxBatch, inputName, options);
  }

  get ref(): string {
    return modelRef(this.spec);
  }

  className(classId: number): string {
    return this.spec.classes[classId] ?? `class_${classId}`;
  }

  preprocess(image: Uint8Array): Promise<PreparedImage> {
    return preprocess(image, this.spec);
  }

  /** Runs prepared images through the model, in chunks of at most `maxBatch`. */
  async infer(images: PreparedImage[]): Promise<FrameDetections[]> {
    const results: FrameDetections[] = [];
    for (let i = 0; i < images.length; i += this.maxBatch) {
      results.push(...(await this.runChunk(images.slice(i, i + this.maxBatch))));
    }
    return results;
  }

  /** JPEG bytes in, detections in frame pixels out. */
  async detect(images: Uint8Array[]): Promise<FrameDetections[]> {
    return this.infer(await Promise.all(images.map((image) => this.preprocess(image))));
  }

  async close() {
    await this.session.release();
  }

  private async runChunk(chunk: PreparedImage[]): Promise<FrameDetections[]> {
    const { width, height } = this.spec.input;
    const size = 3 * width * height;
    let batch: Float32Array;
    if (chunk.length === 1) {
      batch = (chunk[0] as PreparedImage).data;
    } else {
      batch = new Float32Array(size * chunk.length);
      for (const [i, image] of chunk.entries()) batch.set(image.data, i * size);
    }
    const mappings = chunk.map((image) => image.mapping);
    const decoder = decoderFor(this.spec.decoder);
    const feeds: Record<string, ort.Tensor> = {
      [this.inputName]: new ort.Tensor("float32", batch, [chunk.length, 3, height, width]),
      ...decoder.extraInputs?.(this.spec.decoder, mappings, this.session.inputNames),
    };
    const started = performance.now();
    const outputs = await this.session.run(feeds);
    const inferenceMs = (performance.now() - started) / chunk.length;
    const decoded = decoder.decode(this.spec.decoder, outputs, mappings, {
      scoreThreshold: this.options.scoreThreshold,
      iouThreshold: this.options.iouThreshold,
      inputWidth: width,
      inputHeight: height,
    });
    for (const output of Object.values(outputs)) output.dispose();
    return decoded.map((objects) => ({ objects, inferenceMs }));
  }
}
