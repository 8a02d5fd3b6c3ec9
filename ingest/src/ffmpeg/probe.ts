import { z } from "zod";

/** What ffprobe tells about an input before sampling it. */
export interface MediaProbe {
  format?: string;
  durationS?: number;
  startTimeS?: number;
  /** The container's creation_time tag, epoch ms. */
  creationTimeMs?: number;
  codec?: string;
  width?: number;
  height?: number;
  fps?: number;
  /** Longest distance between key frames seen in the first seconds; undefined if fewer than two. */
  maxKeyframeGapS?: number;
  /**
   * Longest distance between frames other frames refer to (what `-skip_frame noref` still
   * decodes), over the same seconds; undefined if fewer than two were decoded.
   */
  maxReferenceGapS?: number;
}

const numeric = z.coerce.number().optional().catch(undefined);
const probeOutput = z.object({
  format: z
    .object({
      format_name: z.string().optional(),
      duration: numeric,
      start_time: numeric,
      tags: z.object({ creation_time: z.string().optional() }).partial().optional(),
    })
    .optional(),
  streams: z
    .array(
      z.object({
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
      }),
    )
    .optional(),
  // With both packets and frames asked for, ffprobe lists them together, each with its type.
  packets_and_frames: z
    .array(z.object({ type: z.string(), pts_time: numeric, flags: z.string().optional() }))
    .optional(),
});

/** The longest step between consecutive times, or undefined with fewer than two. */
function longestGap(times: number[]): number | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  let gap: number | undefined;
  for (let i = 1; i < sorted.length; i += 1) {
    gap = Math.max(gap ?? 0, (sorted[i] as number) - (sorted[i - 1] as number));
  }
  return gap;
}

function frameRate(ratio: string | undefined): number | undefined {
  const [num, den] = (ratio ?? "").split("/").map(Number);
  return num && den ? num / den : undefined;
}

/** Pure part of probing: ffprobe's JSON to a MediaProbe. */
export function readProbe(json: unknown): MediaProbe {
  const parsed = probeOutput.parse(json);
  const stream = parsed.streams?.[0];
  const entries = parsed.packets_and_frames ?? [];
  const timesOf = (keep: (entry: (typeof entries)[number]) => boolean) =>
    entries.filter((e) => keep(e) && e.pts_time !== undefined).map((e) => e.pts_time as number);
  const keyGap = longestGap(timesOf((e) => e.type === "packet" && (e.flags?.startsWith("K") ?? false)));
  const referenceGap = longestGap(timesOf((e) => e.type === "frame"));
  const created = Date.parse(parsed.format?.tags?.creation_time ?? "");
  const probe: MediaProbe = {};
  if (parsed.format?.format_name) probe.format = parsed.format.format_name;
  if (parsed.format?.duration !== undefined) probe.durationS = parsed.format.duration;
  if (parsed.format?.start_time !== undefined) probe.startTimeS = parsed.format.start_time;
  if (Number.isFinite(created)) probe.creationTimeMs = created;
  if (stream?.codec_name) probe.codec = stream.codec_name;
  if (stream?.width) probe.width = stream.width;
  if (stream?.height) probe.height = stream.height;
  const fps = frameRate(stream?.avg_frame_rate);
  if (fps) probe.fps = fps;
  if (keyGap !== undefined) probe.maxKeyframeGapS = keyGap;
  if (referenceGap !== undefined) probe.maxReferenceGapS = referenceGap;
  return probe;
}

/**
 * Runs ffprobe over the first `readSeconds` of an input. Best effort: any failure gives
 * undefined, and sampling then decodes conservatively and lets ffmpeg report real errors.
 */
export async function probeMedia(options: {
  ffprobe: string;
  input: string;
  inputArgs?: string[];
  readSeconds?: number;
  timeoutMs: number;
}): Promise<MediaProbe | undefined> {
  const proc = Bun.spawn(
    [
      options.ffprobe,
      "-v",
      "error",
      ...(options.inputArgs ?? []),
      // Frames are decoded as `noref` decoding would, to measure the rate it can deliver.
      "-skip_frame",
      "noref",
      "-select_streams",
      "v:0",
      "-show_entries",
      "format=format_name,duration,start_time:format_tags=creation_time:stream=codec_name,width,height,avg_frame_rate:packet=pts_time,flags:frame=pts_time",
      "-read_intervals",
      `%+${options.readSeconds ?? 12}`,
      "-of",
      "json",
      options.input,
    ],
    { stdin: "ignore", stdout: "pipe", stderr: "ignore", timeout: options.timeoutMs },
  );
  const [text, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  if (code !== 0) return undefined;
  try {
    return readProbe(JSON.parse(text));
  } catch {
    return undefined;
  }
}
