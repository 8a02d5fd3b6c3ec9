import { Piscina } from "piscina";
import type { FrameOutcome } from "../model-runner.ts";
import type { FrameImage } from "../preprocess.ts";
import { FrameArena, type FrameSlot } from "./frame-arena.ts";
import type { LaneData, LaneFrame, LaneTask } from "./lane-task.ts";

/**
 * The arena's first size (sixteen sampled raw frames) and its most (twenty raw frames of the
 * largest size a frame may have): it grows only while that many frames are in flight at once.
 */
const ARENA_INITIAL_BYTES = 16 * 1024 * 1024;
const ARENA_MAX_BYTES = 1024 * 1024 * 1024;

/** What a lane is asked to run: the frames, where it finds them. */
export interface LaneRequest {
  images: FrameImage[];
  thresholds: number[];
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

  constructor(
    readonly lanes: number,
    data: Omit<LaneData, "arena">,
    arenaBytes = { initial: ARENA_INITIAL_BYTES, max: ARENA_MAX_BYTES },
  ) {
    this.arena = new FrameArena(arenaBytes.initial, arenaBytes.max);
    this.pool = new Piscina({
      filename: new URL("./lane-task.ts", import.meta.url).href,
      minThreads: lanes,
      maxThreads: lanes,
      // One task per lane at a time: the queue stays here, so a free lane takes the next chunk.
      concurrentTasksPerWorker: 1,
      workerData: { ...data, arena: this.arena.buffer } satisfies LaneData,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  /**
   * Each frame's bytes are copied into the shared arena and the lane reads them there; a frame
   * the arena cannot hold (it is full at its most) travels as a copy in the message instead.
   */
  async run({ images, thresholds }: LaneRequest): Promise<FrameOutcome[]> {
    const slots: FrameSlot[] = [];
    const frames = images.map((image): LaneFrame => {
      const bytes = image instanceof Uint8Array ? image : image.data;
      const slot = this.arena.put(bytes);
      if (slot) slots.push(slot);
      // A view's clone would carry its whole buffer: the fallback sends a copy of its bytes alone.
      const where = slot ? { slot } : { bytes: bytes.slice() };
      return !(image instanceof Uint8Array) && image.format === "rgb24"
        ? { ...where, rgb24: { width: image.width, height: image.height } }
        : where;
    });
    try {
      return (await this.pool.run({ frames, thresholds } satisfies LaneTask)) as FrameOutcome[];
    } finally {
      // Settled either way (a lane that died has stopped reading): the blocks take new frames.
      for (const slot of slots) this.arena.free(slot);
    }
  }

  async close() {
    await this.pool.destroy();
  }
}
