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
  packets: z.array(z.object({ pts_time: numeric, flags: z.string().optional() })).optional(),
});

function frameRate(ratio: string | undefined): number | undefined {
  const [num, den] = (ratio ?? "").split("/").map(Number);
  return num && den ? num / den : undefined;
}

/** Pure part of probing: ffprobe's JSON to a MediaProbe. */
export function readProbe(json: unknown): MediaProbe {
  const parsed = probeOutput.parse(json);
  const stream = parsed.streams?.[0];
  const keyTimes = (parsed.packets ?? [])
    .filter((p) => p.flags?.startsWith("K") && p.pts_time !== undefined)
    .map((p) => p.pts_time as number)
    .sort((a, b) => a - b);
  let maxGap: number | undefined;
  for (let i = 1; i < keyTimes.length; i += 1) {
    maxGap = Math.max(maxGap ?? 0, (keyTimes[i] as number) - (keyTimes[i - 1] as number));
  }
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
  if (maxGap !== undefined) probe.maxKeyframeGapS = maxGap;
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
      "-select_streams",
      "v:0",
      "-show_entries",
      "format=format_name,duration,start_time:format_tags=creation_time:stream=codec_name,width,height,avg_frame_rate:packet=pts_time,flags",
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
