import { StreamlensError } from "@streamlens/core";

/** ffmpeg stderr patterns mapped to stable error codes, most specific first. */
const PATTERNS: Array<{ code: string; pattern: RegExp; what: string; permanent: boolean }> = [
  {
    code: "not-found",
    pattern: /No such file or directory/i,
    what: "the file does not exist",
    permanent: true,
  },
  { code: "permission-denied", pattern: /Permission denied/i, what: "permission denied", permanent: true },
  {
    code: "not-found",
    pattern: /(Server returned )?404 Not Found|HTTP error 404/i,
    what: "the server answered 404 Not Found",
    permanent: false,
  },
  {
    code: "forbidden",
    pattern: /40[13] (Unauthorized|Forbidden)|HTTP error 40[13]/i,
    what: "the server refused access (401/403)",
    permanent: false,
  },
  {
    code: "unsupported-protocol",
    pattern: /Protocol not found|Protocol not on whitelist/i,
    what: "ffmpeg does not support this protocol",
    permanent: true,
  },
  { code: "unreachable", pattern: /Connection refused/i, what: "connection refused", permanent: false },
  {
    code: "dns",
    pattern: /Failed to resolve hostname|Name or service not known|Temporary failure in name resolution/i,
    what: "the host name does not resolve",
    permanent: false,
  },
  {
    code: "timeout",
    pattern: /Connection timed out|timed out|Operation timed out/i,
    what: "the connection timed out",
    permanent: false,
  },
  {
    code: "no-video",
    pattern: /matches no streams|does not contain any stream|Output file #0 does not contain/i,
    what: "the input has no video stream",
    permanent: true,
  },
  // ffmpeg guessed the container from the extension alone: the content is not that format.
  {
    code: "invalid-media",
    pattern: /detected only with low score|misdetection possible/i,
    what: "ffmpeg cannot read it as video (the content does not match any container format)",
    permanent: true,
  },
  {
    code: "truncated",
    pattern: /moov atom not found/i,
    what: "the file is truncated or not a finished recording (no moov atom)",
    permanent: true,
  },
  {
    code: "invalid-media",
    pattern: /Invalid data found when processing input/i,
    what: "ffmpeg cannot read it as video (invalid data)",
    permanent: true,
  },
  {
    code: "unreachable",
    pattern: /Network is unreachable|No route to host|Connection reset/i,
    what: "the network is unreachable",
    permanent: false,
  },
];

/** Marks the end of a file that ended early: frames before it are good, the rest is missing. */
export const PARTIAL_FILE = /partial file|Truncating packet|end of file reached prematurely/i;

export interface FfmpegFailure {
  code: string;
  message: string;
  permanent: boolean;
}

/** Classifies an ffmpeg exit from its stderr tail, for a message that says what went wrong. */
export function classifyFfmpegFailure(stderrTail: string[], exitCode: number | null): FfmpegFailure {
  const text = stderrTail.join("\n");
  for (const { code, pattern, what, permanent } of PATTERNS) {
    if (pattern.test(text)) return { code, message: what, permanent };
  }
  const last = stderrTail.filter((l) => l.trim() !== "").at(-1);
  return {
    code: "ffmpeg-failed",
    message: `ffmpeg exited with code ${exitCode ?? "signal"}${last ? `: ${last.trim()}` : ""}`,
    permanent: false,
  };
}

export function ffmpegError(label: string, failure: FfmpegFailure): StreamlensError {
  return new StreamlensError(failure.code, `${label}: ${failure.message}`, {
    retryable: !failure.permanent,
  });
}
