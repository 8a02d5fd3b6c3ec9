import { Piscina } from "piscina";
import type { FrameOutcome } from "../model-runner.ts";
import type { FrameImage } from "../preprocess.ts";
import { FrameArena, type FrameSlot } from "./frame-arena.ts";
import type { LaneData, LaneFrame, LaneRun, LaneTask } from "./lane-task.ts";

/**
 * The arena's first size (sixteen sampled raw frames) and its most (twenty raw frames of the
 * largest size a frame may have): it grows only while that many frames are in flight at once.
 */
const ARENA_INITIAL_BYTES = 16 * 1024 * 1024;
const ARENA_MAX_BYTES = 1024 * 1024 * 1024;

/** What the lanes are asked to run: the frames, where they find them. */
export interface LaneRequest {
  images: FrameImage[];
  thresholds: number[];
}

export interface LanePoolOptions {
  /** Most frames a lane takes at once and runs as one batch: 1 on CPU (frames run singly). */
  runBatch: number;
  /** The arena's first and largest size (tests make it small). */
  arenaBytes?: { initial: number; max: number };
}

/**
 * Several sessions of one model, each on its own worker thread (Piscina). ONNX Runtime's Node
 * binding runs a session synchronously on the calling thread; lanes let a multi-core CPU run
 * frames side by side, and keep the main thread free for the bus and the sources. On a small
 * CPU model, N single-threaded sessions outrun one session with N intra-op threads by far
 * (measured by `bun run bench:inference`): the model is too small to split well across cores.
 */
export class LanePool {
  private readonly pool: Piscina;
  /** Where frames wait for their lane. */
  readonly arena: FrameArena;

  private readonly runBatch: number;

  constructor(
    readonly lanes: number,
    data: Omit<LaneData, "arena">,
    { runBatch, arenaBytes = { initial: ARENA_INITIAL_BYTES, max: ARENA_MAX_BYTES } }: LanePoolOptions,
  ) {
    this.runBatch = Math.max(1, runBatch);
    this.arena = new FrameArena(arenaBytes.initial, arenaBytes.max);
    this.pool = new Piscina({
      filename: new URL("./lane-task.ts", import.meta.url).href,
      minThreads: lanes,
      maxThreads: lanes,
      // One task per lane at a time: the queue stays here, so a free lane takes the next batch.
      concurrentTasksPerWorker: 1,
      workerData: { ...data, arena: this.arena.buffer } satisfies LaneData,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  /**
   * Runs a batch on as many lanes as it keeps busy, each taking the next frames as it comes
   * free (see LaneTask); outcomes in the frames' order. Each frame's bytes are copied into the
   * shared arena and the lanes read them there; a frame the arena cannot hold (it is full at its
   * most) gets shared memory of its own.
   */
  async run({ images, thresholds }: LaneRequest): Promise<FrameOutcome[]> {
    if (images.length === 0) return [];
    const slots: FrameSlot[] = [];
    const frames = images.map((image): LaneFrame => {
      const bytes = image instanceof Uint8Array ? image : image.data;
      const slot = this.arena.put(bytes);
      if (slot) slots.push(slot);
      const where = slot ? { slot } : { bytes: sharedCopy(bytes) };
      return !(image instanceof Uint8Array) && image.format === "rgb24"
        ? { ...where, rgb24: { width: image.width, height: image.height } }
        : where;
    });
    // A GPU lane's take splits the batch evenly, so that every lane gets a part to run.
    const take = Math.min(this.runBatch, Math.ceil(images.length / this.lanes));
    const task: LaneTask = { frames, thresholds, next: new Int32Array(new SharedArrayBuffer(4)), take };
    const tasks = Math.min(this.lanes, Math.ceil(images.length / take));
    // Every lane's task settled, either way, before the blocks take new frames: a lane that
    // failed has stopped reading, the others may not have.
    const settled = await Promise.allSettled(
      Array.from({ length: tasks }, () => this.pool.run(task) as Promise<LaneRun[]>),
    );
    for (const slot of slots) this.arena.free(slot);
    const outcomes: FrameOutcome[] = new Array(images.length);
    for (const result of settled) {
      if (result.status === "rejected") throw result.reason;
      for (const { from, outcomes: ran } of result.value)
        for (const [i, outcome] of ran.entries()) outcomes[from + i] = outcome;
    }
    return outcomes;
  }

  async close() {
    await this.pool.destroy();
  }
}

/** A frame's bytes in shared memory of their own: each lane's message shares them, none copies them. */
function sharedCopy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}
