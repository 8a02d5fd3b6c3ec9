import { availableParallelism } from "node:os";
import { type Logger, StreamlensError } from "@streamlens/core";
import * as ort from "onnxruntime-node";
import { decoderFor } from "./decoders/decoder-for.ts";
import { ALL_REWRITES, type GraphRewrites, type PreparedModel, prepareModel } from "./graph/prepare-model.ts";
import { LanePool } from "./lanes/lane-pool.ts";
import {
  detectChunk,
  type FrameDetections,
  type FrameOutcome,
  pixelTypeOf,
  type RunnerModel,
} from "./model-runner.ts";
import { ensureModelFile } from "./models/model-store.ts";
import { type ModelSpec, modelRef } from "./models/spec.ts";
import type { FrameImage } from "./preprocess.ts";
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
  /** ONNX Runtime intra-op threads per session; 0 = the cores shared out among the sessions. */
  intraOpThreads: number;
  /**
   * Sessions running frames side by side, each on its own worker thread; 0 = one session on
   * the calling thread; absent = one per core (up to 4) on CPU, 0 on a GPU.
   */
  sessions?: number | undefined;
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

export type { FrameDetections, FrameOutcome };
export type DetectedFrame = Extract<FrameOutcome, { objects: unknown }>;

/** Most lanes chosen by default: past four, a small model gains little and each costs memory. */
const MAX_DEFAULT_LANES = 4;

/** Lanes for what was asked on the provider that loaded: CPUs gain from one per core, GPUs not (yet measured). */
export function resolveLanes(asked: number | undefined, provider: DeviceProvider): number {
  if (asked !== undefined) return asked;
  if (provider !== "cpu") return 0;
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, MAX_DEFAULT_LANES) : 0;
}

/**
 * One loaded model: preprocessing, ONNX Runtime sessions and output decoding. Frames run in
 * session lanes (worker threads, one session each) or, with no lanes, on the calling thread;
 * on a GPU or the calling thread in batches of at most `maxBatch`, as one tensor when the model
 * allows it; on CPU lanes one frame at a time.
 */
export class Detector {
  private constructor(
    readonly spec: ModelSpec,
    /** The calling thread's session; absent when lanes run the model. */
    private readonly session: ort.InferenceSession | undefined,
    /** The provider the model actually runs on (after any fallback). */
    readonly provider: DeviceProvider,
    readonly maxBatch: number,
    private readonly model: RunnerModel,
    private readonly options: DetectorOptions,
    private readonly pool: PreprocessPool | undefined,
    private readonly lanes: LanePool | undefined,
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
    // The first session finds the provider and whether batches run, on the calling thread.
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
    const model: RunnerModel = {
      spec,
      inputName,
      uint8Input: prepared.uint8Input,
      reducedOutput: prepared.reducedOutput,
      iouThreshold: options.iouThreshold,
    };
    const lanes = resolveLanes(options.sessions, provider);
    let lanePool: LanePool | undefined;
    if (lanes > 0) {
      // Each lane's session gets its share of the cores unless told how many threads to use.
      const intraOpThreads =
        options.intraOpThreads > 0
          ? options.intraOpThreads
          : Math.max(1, Math.floor(availableParallelism() / lanes));
      // On CPU each frame runs alone: a batch's activations outgrow the cache, and single
      // frames on two lanes ran faster than batches of four (bench:peer, pipeline at --batch 1:
      // 40 against 38 frames/s). A GPU lane runs its frames as one batch.
      const runBatch = provider === "cpu" ? 1 : maxBatch;
      lanePool = new LanePool(
        lanes,
        { bytes: prepared.bytes, model, provider, intraOpThreads },
        { runBatch },
      );
      await session.release();
    }
    options.logger.info(
      {
        model: modelRef(spec),
        provider,
        maxBatch,
        sessions: lanes === 0 ? "main thread" : lanes,
        input: prepared.uint8Input ? "uint8" : "float32",
        output: prepared.reducedOutput ? "reduced" : "full",
        path,
      },
      "model loaded",
    );
    if (lanes > 0 && (options.preprocessThreads ?? 0) > 0)
      options.logger.warn(
        { sessions: lanes, preprocessThreads: options.preprocessThreads },
        "preprocess threads are unused with session lanes: each lane prepares its own frames",
      );
    const threads = lanes > 0 ? 0 : (options.preprocessThreads ?? 0);
    const pool = threads > 0 ? new PreprocessPool(threads, spec, pixelTypeOf(model)) : undefined;
    const detector = new Detector(
      spec,
      lanes > 0 ? undefined : session,
      provider,
      maxBatch,
      model,
      options,
      pool,
      lanePool,
    );
    if (lanePool) await detector.warmLanes(lanes);
    return detector;
  }

  /** Most frames sent to the lanes at once: a batch, or on CPU (frames run singly) the configured batch size. */
  private get chunkLimit(): number {
    return this.provider === "cpu" ? Math.max(1, this.options.maxBatch) : this.maxBatch;
  }

  /** The threshold frames get unless they carry their own. */
  get scoreThreshold(): number {
    return this.options.scoreThreshold ?? this.spec.scoreThreshold;
  }

  get ref(): string {
    return modelRef(this.spec);
  }

  /** Session lanes running the model; 0 when it runs on the calling thread. */
  get sessions(): number {
    return this.lanes?.lanes ?? 0;
  }

  className(classId: number): string {
    return this.spec.classes[classId] ?? `class_${classId}`;
  }

  /**
   * Frames in, one outcome each, in order. `thresholds` gives each frame its own score
   * threshold (a stream's override); missing ones use the detector's. On lanes, each chunk of
   * frames goes to every lane at once and each lane takes the next frames as it comes free
   * (LanePool.run); a frame that cannot be decoded fails alone.
   */
  async detectFrames(images: FrameImage[], thresholds: (number | undefined)[] = []): Promise<FrameOutcome[]> {
    const own = images.map((_, i) => thresholds[i] ?? this.scoreThreshold);
    const size = this.lanes ? this.chunkLimit : this.maxBatch;
    const pool = this.pool;
    const prepare = pool ? (image: FrameImage) => pool.preprocess(image) : undefined;
    const chunks: Promise<FrameOutcome[]>[] = [];
    for (let i = 0; i < images.length; i += size) {
      const chunk = images.slice(i, i + size);
      const chunkThresholds = own.slice(i, i + size);
      chunks.push(
        this.lanes
          ? this.lanes.run({ images: chunk, thresholds: chunkThresholds })
          : detectChunk(this.session as ort.InferenceSession, this.model, chunk, chunkThresholds, prepare),
      );
      // On the calling thread, one chunk at a time: the session cannot run two at once.
      if (!this.lanes) await chunks.at(-1);
    }
    return (await Promise.all(chunks)).flat();
  }

  /** Like detectFrames, for callers with nothing to do per failed frame: the first failure throws. */
  async detect(images: FrameImage[], thresholds: (number | undefined)[] = []): Promise<DetectedFrame[]> {
    const outcomes = await this.detectFrames(images, thresholds);
    return outcomes.map((outcome) => {
      if ("failed" in outcome) throw new StreamlensError(outcome.failed.code, outcome.failed.message);
      return outcome;
    });
  }

  async close() {
    await this.lanes?.close();
    await this.pool?.close();
    await this.session?.release();
  }

  /**
   * One blank frame through each lane: a lane that cannot load the model fails here, at start,
   * and the first real frames do not pay for ONNX Runtime's first run.
   */
  private async warmLanes(lanes: number) {
    const { width, height } = this.spec.input;
    const blank = { format: "rgb24" as const, data: new Uint8Array(width * height * 3), width, height };
    try {
      await Promise.all(Array.from({ length: lanes }, () => this.detect([blank])));
    } catch (cause) {
      await this.close();
      throw new StreamlensError(
        "model-load-failed",
        `a session lane could not run the model: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
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
