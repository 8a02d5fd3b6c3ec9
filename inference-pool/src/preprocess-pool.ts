import { StreamlensError } from "@streamlens/core";
import { Piscina } from "piscina";
import type { ModelSpec } from "./models/spec.ts";
import type { FrameImage, PixelType, PreparedImage } from "./preprocess.ts";
import type { PreprocessFailure, PreprocessTask } from "./preprocess-task.ts";

/**
 * Frame decoding and resizing on worker threads (Piscina), so the main thread only feeds the
 * model and the bus. sharp already decodes on libuv's threads, but the planar fill and the
 * JPEG header parse run on the thread that asked; with a GPU doing the model, that thread is
 * the bottleneck.
 */
export class PreprocessPool {
  private readonly pool: Piscina;

  constructor(
    threads: number,
    private readonly spec: ModelSpec,
    private readonly pixelType: PixelType,
  ) {
    this.pool = new Piscina({
      filename: new URL("./preprocess-task.ts", import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      // A few frames queued per thread keep each busy between batches.
      concurrentTasksPerWorker: 2,
    });
  }

  async preprocess(image: FrameImage): Promise<PreparedImage> {
    const task: PreprocessTask = { image, spec: this.spec, pixelType: this.pixelType };
    const result = (await this.pool.run(task)) as PreparedImage | PreprocessFailure;
    if ("failed" in result) throw new StreamlensError(result.failed.code, result.failed.message);
    return result;
  }

  async close() {
    await this.pool.destroy();
  }
}
