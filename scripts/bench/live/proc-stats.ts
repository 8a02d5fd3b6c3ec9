import { readdirSync, readFileSync } from "node:fs";

/**
 * Resident memory and CPU time of a process, from Linux's /proc: what the live benchmarks
 * sample for each service. `undefined` once the process is gone.
 */

/** VmRSS in MiB. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on every Linux this runs on

/** User + system CPU seconds of the process alone. */
function ownCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at state, field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** CPU seconds of the process and every descendant still running (ingest's ffmpegs). */
export function treeCpuSeconds(pid: number): number {
  return ownCpuSeconds(pid) + children(pid).reduce((total, child) => total + treeCpuSeconds(child), 0);
}
