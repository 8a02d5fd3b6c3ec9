import { z } from "zod";

/**
 * Sampled frames per second of a stream, wherever it is given (the CLI, STREAMLENS_FPS, the
 * admin API): one frame every 1000 s at the least, 30 at the most. The floor keeps the value a
 * sane float (a denormal like 1e-45 overflowed the database's `real`, 1e-30 meant "never").
 */
export const MIN_FPS = 0.001;
export const MAX_FPS = 30;

export const samplingFpsSchema = z
  .number()
  .min(MIN_FPS, `must be at least ${MIN_FPS} (one frame every ${1 / MIN_FPS} s)`)
  .max(MAX_FPS, `must be at most ${MAX_FPS}`);
