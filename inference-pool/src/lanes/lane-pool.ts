import { Piscina } from "piscina";
import type { FrameOutcome } from "../model-runner.ts";
import type { LaneData, LaneTask } from "./lane-task.ts";

/**
 * Several sessions of one model, each on its own worker thread (Piscina). ONNX Runtime's Node
 * binding runs a session synchronously on the calling thread; lanes let a multi-core CPU run
 * frames side by side, and keep the main thread free for the bus and the sources. On a small
 * CPU model, N single-threaded sessions outrun one session with N intra-op threads by far
 * (measured by `bun run bench:inference`): the model is too small to split well across cores.
 */
export class LanePool {
  private readonly pool: Piscina;

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
   * Each frame's bytes are copied once into a buffer of their own and moved to the lane: a
   * memcpy costs far less than the structured clone postMessage otherwise makes (profiled: for
   * raw frames, a clone took most of the main thread), and the message keeps its own bytes
   * for a redelivery or a snapshot.
   */
  run(task: LaneTask): Promise<FrameOutcome[]> {
    const transferList: ArrayBuffer[] = [];
    const images = task.images.map((image) => {
      const data = (image instanceof Uint8Array ? image : image.data).slice();
      transferList.push(data.buffer);
      return image instanceof Uint8Array ? data : { ...image, data };
    });
    return this.pool.run({ ...task, images }, { transferList }) as Promise<FrameOutcome[]>;
  }

  async close() {
    await this.pool.destroy();
  }
}
