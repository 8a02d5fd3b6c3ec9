// A stream's state as people read it: ingest's status words, with whether it is live and active.

export type Tone = "live" | "ok" | "warn" | "error" | "muted";

export interface StatusView {
  label: string;
  tone: Tone;
  /** A sentence for screen readers and tooltips. */
  description: string;
}

export function streamStatus(stream: { status: string; active: boolean; live?: boolean | null }): StatusView {
  if (!stream.active && stream.status !== "running")
    return { label: "Inactive", tone: "muted", description: "Deactivated: not being read" };
  switch (stream.status) {
    case "running":
      return stream.live === false
        ? { label: "Running", tone: "ok", description: "Being read and analysed" }
        : { label: "Live", tone: "live", description: "Live: frames are being analysed now" };
    case "starting":
      return { label: "Starting", tone: "warn", description: "Opening the source" };
    case "backoff":
      return {
        label: "Reconnecting",
        tone: "warn",
        description: "The source dropped; retrying with backoff",
      };
    case "ended":
      return { label: "Ended", tone: "muted", description: "The source ended; its statistics stay" };
    case "failed":
      return { label: "Error", tone: "error", description: "Reading the source failed; see its last error" };
    case "stopped":
      return { label: "Stopped", tone: "muted", description: "Stopped by an operator or a shutdown" };
    default:
      return { label: "Waiting", tone: "muted", description: "Registered, not started yet" };
  }
}
