import type { Subprocess } from "bun";

/**
 * Stops a child the way Frigate stops ffmpeg: SIGTERM (ffmpeg then closes its output cleanly),
 * and SIGKILL if it is still there after the grace period.
 */
export async function stopProcess(proc: Subprocess, graceMs = 2000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const killer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
  try {
    await proc.exited;
  } finally {
    clearTimeout(killer);
  }
}
