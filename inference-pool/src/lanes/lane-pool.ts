import { Piscina } from "piscina";
import type { FrameOutcome } from "../model-runner.ts";
import { FrameBuffers } from "./frame-buffers.ts";
import type { LaneData, LaneResult, LaneTask } from "./lane-task.ts";

/** Idle frame buffers kept for reuse: a few raw 1080p frames, many sampled ones. */
const KEEP_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * Several sessions of one model, each on its own worker thread (Piscina). ONNX Runtime's Node
 * binding runs a session synchronously on the calling thread; lanes let a multi-core CPU run
 * frames side by side, and keep the main thread free for the bus and the sources. On a small
 * CPU model, N single-threaded sessions outrun one session with N intra-op threads by far
 * (measured by `bun run bench:inference`): the model is too small to split well across cores.
 */
export class LanePool {
  private readonly pool: Piscina;
  private readonly buffers = new FrameBuffers(KEEP_BUFFER_BYTES);

  constructor(
    readonly lanes: number,
    data: LaneData,
  ) {
    this.pool = new Piscina({
      filename: new URL("./lane-task.ts", import.meta.url).href,
      minThreads: lanes,
      maxThreads: lanes,
      // One task per lane at a time: the queue stays here, so a free lane takes the next chunk.
      concurrentTasksPerWorker: 1,
      workerData: data,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  /**
   * Each frame's bytes are copied once into a buffer of their own and moved to the lane, which
   * moves it back with the outcomes for the next frame: a memcpy costs far less than the
   * structured clone postMessage otherwise makes (profiled: for raw frames, a clone took most of
   * the main thread), and the message keeps its own bytes for a redelivery or a snapshot.
   */
  async run(task: LaneTask): Promise<FrameOutcome[]> {
    const transferList: ArrayBuffer[] = [];
    const images = task.images.map((image) => {
      const data = this.buffers.copy(image instanceof Uint8Array ? image : image.data);
      transferList.push(data.buffer);
      return image instanceof Uint8Array ? data : { ...image, data };
    });
    const { outcomes, buffers } = (await this.pool.run({ ...task, images }, { transferList })) as LaneResult;
    this.buffers.recycle(buffers);
    return outcomes;
  }

  async close() {
    await this.pool.destroy();
  }
}
