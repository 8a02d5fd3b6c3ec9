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

  run(task: LaneTask): Promise<FrameOutcome[]> {
    return this.pool.run(task) as Promise<FrameOutcome[]>;
  }

  async close() {
    await this.pool.destroy();
  }
}
