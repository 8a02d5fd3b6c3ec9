import { type Logger, StreamlensError } from "@streamlens/core";
import * as ort from "onnxruntime-node";
import { decoderFor } from "./decoders/decoder-for.ts";
import type { PixelDetection } from "./decoders/types.ts";
import { ALL_REWRITES, type GraphRewrites, type PreparedModel, prepareModel } from "./graph/prepare-model.ts";
import { ensureModelFile } from "./models/model-store.ts";
import { type ModelSpec, modelRef } from "./models/spec.ts";
import { type PreparedImage, preprocess } from "./preprocess.ts";
import { PreprocessPool } from "./preprocess-pool.ts";
import {
  type DeviceProvider,
  type ExecutionProvider,
  hasDynamicBatch,
  loadSession,
} from "./runtime/session.ts";

export interface DetectorOptions {
  modelsDirs: string[];
  provider: ExecutionProvider;
  /** ONNX Runtime intra-op threads; 0 = its default (one per core). */
  intraOpThreads: number;
  /** Largest batch to run at once when the model has a dynamic batch axis. */
  maxBatch: number;
  /** Detections scoring below are dropped; absent = the model's own default (its spec). */
  scoreThreshold?: number;
  iouThreshold: number;
  /** Worker threads for frame decoding and resizing; 0 (default) = on the calling thread. */
  preprocessThreads?: number;
  /** In-memory graph rewrites (uint8 input, dynamic batch, reduced output); all by default. */
  graphRewrites?: GraphRewrites;
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
    /** The provider the model actually runs on (after any fallback). */
    readonly provider: DeviceProvider,
    readonly maxBatch: number,
    private readonly inputName: string,
    private readonly prepared: PreparedModel,
    private readonly options: DetectorOptions,
    private readonly pool: PreprocessPool | undefined,
  ) {}

  static async load(spec: ModelSpec, options: DetectorOptions): Promise<Detector> {
    const path = await ensureModelFile(spec, { dirs: options.modelsDirs, logger: options.logger });
    const original = await Bun.file(path).bytes();
    let prepared: PreparedModel;
    try {
      prepared = prepareModel(original, spec, options.graphRewrites ?? ALL_REWRITES);
    } catch (cause) {
      throw new StreamlensError(
        "invalid-model",
        `${path} is not an ONNX model (${(cause as Error).message})`,
        {
          cause,
        },
      );
    }
    const { session, provider } = await loadSession(
      { path, bytes: prepared.bytes },
      options.provider,
      options.intraOpThreads,
      options.logger,
    );
    const inputName = prepared.inputName;
    const decoder = decoderFor(spec.decoder);
    const batchable =
      decoder.batchable &&
      hasDynamicBatch(session, inputName) &&
      (!prepared.batchMadeDynamic || (await runsBatched(session, inputName, spec, prepared, options.logger)));
    const maxBatch = batchable ? Math.max(1, options.maxBatch) : 1;
    options.logger.info(
      {
        model: modelRef(spec),
        provider,
        maxBatch,
        input: prepared.uint8Input ? "uint8" : "float32",
        output: prepared.reducedOutput ? "reduced" : "full",
        path,
      },
      "model loaded",
    );
    const threads = options.preprocessThreads ?? 0;
    const pool =
      threads > 0 ? new PreprocessPool(threads, spec, prepared.uint8Input ? "uint8" : "float32") : undefined;
    return new Detector(spec, session, provider, maxBatch, inputName, prepared, options, pool);
  }

  /** The threshold frames get unless they carry their own. */
  get scoreThreshold(): number {
    return this.options.scoreThreshold ?? this.spec.scoreThreshold;
  }

  get ref(): string {
    return modelRef(this.spec);
  }

  className(classId: number): string {
    return this.spec.classes[classId] ?? `class_${classId}`;
  }

  preprocess(image: Uint8Array): Promise<PreparedImage> {
    if (this.pool) return this.pool.preprocess(image);
    return preprocess(image, this.spec, this.prepared.uint8Input ? "uint8" : "float32");
  }

  /**
   * Runs prepared images through the model, in chunks of at most `maxBatch`. `thresholds`
   * gives each image its own score threshold (a stream's override); missing ones use the
   * detector's. A chunk decodes at its lowest threshold and each frame keeps what passes its
   * own: suppression only lets a higher score remove a box, so that equals decoding each
   * frame at its own threshold.
   */
  async infer(images: PreparedImage[], thresholds: (number | undefined)[] = []): Promise<FrameDetections[]> {
    const results: FrameDetections[] = [];
    for (let i = 0; i < images.length; i += this.maxBatch) {
      const perFrame = images
        .slice(i, i + this.maxBatch)
        .map((_, j) => thresholds[i + j] ?? this.scoreThreshold);
      const chunk = await this.runChunk(images.slice(i, i + this.maxBatch), Math.min(...perFrame));
      results.push(
        ...chunk.map((frame, j) => ({
          ...frame,
          objects: frame.objects.filter((o) => o.score >= (perFrame[j] as number)),
        })),
      );
    }
    return results;
  }

  /** JPEG bytes in, detections in frame pixels out. */
  async detect(images: Uint8Array[]): Promise<FrameDetections[]> {
    return this.infer(await Promise.all(images.map((image) => this.preprocess(image))));
  }

  async close() {
    await this.pool?.close();
    await this.session.release();
  }

  private async runChunk(chunk: PreparedImage[], scoreThreshold: number): Promise<FrameDetections[]> {
    const { width, height } = this.spec.input;
    const mappings = chunk.map((image) => image.mapping);
    const decoder = decoderFor(this.spec.decoder);
    const feeds: Record<string, ort.Tensor> = {
      [this.inputName]: imageTensor(
        chunk.map((image) => image.data),
        this.prepared.uint8Input,
        [chunk.length, 3, height, width],
      ),
      ...decoder.extraInputs?.(this.spec.decoder, mappings, this.session.inputNames),
    };
    const started = performance.now();
    const outputs = await this.session.run(feeds);
    const inferenceMs = (performance.now() - started) / chunk.length;
    const options = {
      scoreThreshold,
      iouThreshold: this.options.iouThreshold,
      inputWidth: width,
      inputHeight: height,
    };
    const reduced = this.prepared.reducedOutput ? outputs[this.prepared.reducedOutput] : undefined;
    const decoded =
      reduced && decoder.decodeReduced
        ? decoder.decodeReduced(this.spec.decoder, reduced, mappings, options)
        : decoder.decode(this.spec.decoder, outputs, mappings, options);
    for (const output of Object.values(outputs)) output.dispose();
    return decoded.map((objects) => ({ objects, inferenceMs }));
  }
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

/**
 * A model whose batch axis was made symbolic is only trusted with batches once a batch of two
 * runs and gives two results: graphs that bake the batch into a Reshape fail here, at load,
 * instead of on live frames.
 */
async function runsBatched(
  session: ort.InferenceSession,
  inputName: string,
  spec: ModelSpec,
  prepared: PreparedModel,
  logger: Logger,
): Promise<boolean> {
  const dims = [2, 3, spec.input.height, spec.input.width];
  const size = 2 * 3 * spec.input.height * spec.input.width;
  const input = prepared.uint8Input
    ? new ort.Tensor("uint8", new Uint8Array(size), dims)
    : new ort.Tensor("float32", new Float32Array(size), dims);
  try {
    // A graph that fails here is expected (its exporter baked the batch in): ORT need not print it.
    const outputs = await session.run({ [inputName]: input }, { logSeverityLevel: 4 });
    const ok = Object.values(outputs).every((output) => output.dims[0] === 2);
    for (const output of Object.values(outputs)) output.dispose();
    if (!ok)
      logger.warn(
        { model: modelRef(spec) },
        "the model does not keep the batch axis; running one image at a time",
      );
    return ok;
  } catch (error) {
    logger.info(
      { model: modelRef(spec), reason: (error as Error).message.split("\n")[0]?.slice(0, 200) },
      "the model does not run batched; running one image at a time",
    );
    return false;
  }
}
