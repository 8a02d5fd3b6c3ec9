import { type Logger, type PixelFormat, redactText, StreamlensError } from "@streamlens/core";
import { classifyFfmpegFailure, ffmpegError, PARTIAL_FILE } from "./classify-error.ts";
import { JpegSplitter } from "./jpeg-splitter.ts";
import { parseShowinfoLine, type ShowinfoFrame } from "./showinfo.ts";
import { stopProcess } from "./stop-process.ts";

/**
 * How much decoding ffmpeg may skip. `keyframes` decodes key frames only (`-skip_frame nokey`),
 * so it delivers the rate only when key frames come at least once per sample interval; `noref`
 * skips frames nothing else references (B-frames, usually), which never changes what the
 * remaining frames look like but delivers the rate only when reference frames come once per
 * interval; `all` decodes everything. `chooseDecode` says which delivers for a probed source.
 */
export type DecodeMode = "keyframes" | "noref" | "all";

export interface SampleOptions {
  ffmpeg: string;
  input: string;
  /** Demuxer/protocol options placed before `-i` (transport, timeouts, headers). */
  inputArgs?: string[];
  /** What to call the input in errors (credentials removed). */
  label: string;
  fps: number;
  maxWidth?: number | undefined;
  decode: DecodeMode;
  /** What each frame comes out as: a JPEG (default), or its raw rgb24 pixels. */
  format?: PixelFormat;
  /** JPEG quantiser for ffmpeg's MJPEG encoder: 2 (best) .. 31. */
  jpegQscale?: number;
  /** Decoder and encoder threads. One per stream is cheapest in CPU time; many streams share the cores. */
  threads?: number;
  /** No frame for this long ends the run as `stalled`; undefined disables the watchdog. */
  stallTimeoutMs?: number | undefined;
  /** The first frame may take this long (connecting, probing the stream); default stallTimeoutMs. */
  startTimeoutMs?: number | undefined;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface SampledFrame {
  /** Presentation time of the frame in the media, in ms. */
  ptsMs: number;
  width: number;
  height: number;
  format: PixelFormat;
  /** The JPEG, or width × height × 3 bytes of rgb24. */
  image: Uint8Array;
}

/** The ffmpeg command line for sampling; pure, so tests can read it. */
export function buildSampleArgs(options: SampleOptions): string[] {
  const { fps } = options;
  // Keep the first decoded frame of each 1/fps bucket of media time: exact on constant-rate
  // input, never a duplicate when frames are sparse (key frames only, variable rate).
  const select = `select='isnan(prev_selected_t)+gte(floor(t*${fps}),floor(prev_selected_t*${fps})+1)'`;
  // One scale pass caps the width and converts to the full range JPEG wants, or to rgb24 (the
  // conversion OpenCV's reader makes, so raw frames match what the models' reference code sees).
  // showinfo without checksums reports each frame's timestamp and size for the cost of a log
  // line, and sits last, so its size is the size written.
  const raw = options.format === "rgb24";
  const size = options.maxWidth ? `'min(iw,${options.maxWidth})':-2:` : "";
  const scale = raw
    ? `scale=${size}flags=bilinear,format=rgb24`
    : `scale=${size}out_range=full:flags=bilinear`;
  const filters = [select, scale, "showinfo=checksum=0"];
  const threads = String(options.threads ?? 1);
  const skip =
    options.decode === "keyframes"
      ? ["-skip_frame", "nokey"]
      : options.decode === "noref"
        ? ["-skip_frame", "noref"]
        : [];
  return [
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-loglevel",
    "info",
    "-threads",
    threads,
    ...skip,
    ...(options.inputArgs ?? []),
    "-i",
    options.input,
    "-map",
    "0:v:0",
    "-an",
    "-sn",
    "-dn",
    "-vf",
    filters.join(","),
    "-fps_mode",
    "passthrough",
    "-threads",
    threads,
    ...(raw
      ? ["-f", "rawvideo", "-pix_fmt", "rgb24"]
      : [
          "-f",
          "image2pipe",
          "-c:v",
          "mjpeg",
          "-q:v",
          String(options.jpegQscale ?? 3),
          "-pix_fmt",
          "yuvj420p",
        ]),
    "pipe:1",
  ];
}

const STDERR_TAIL = 40;

/** The command line for the log: the input as its label, and no header values (cookies, tokens). */
function loggableCommand(ffmpeg: string, args: string[], options: SampleOptions): string {
  const shown = args.map((arg, i) =>
    args[i - 1] === "-headers" ? "***" : arg === options.input ? options.label : arg,
  );
  return redactText([ffmpeg, ...shown].join(" "));
}

/**
 * Runs ffmpeg once over an input and yields its sampled frames as JPEGs with their media
 * timestamps. Ends at end of input; throws a StreamlensError on failure, on a stall, or
 * (after yielding what was readable) when a file turns out truncated. Reading is pulled by the
 * caller, so a slow consumer pauses ffmpeg instead of filling memory.
 */
export async function* sampleFrames(options: SampleOptions): AsyncGenerator<SampledFrame> {
  const args = buildSampleArgs(options);
  options.logger?.debug({ cmd: loggableCommand(options.ffmpeg, args, options) }, "ffmpeg start");
  const proc = Bun.spawn([options.ffmpeg, ...args], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });

  const infos: ShowinfoFrame[] = [];
  const tail: string[] = [];
  let partial = false;
  let stderrDone = false;
  let wakeInfo: (() => void) | undefined;
  const stderrTask = (async () => {
    for await (const line of readLines(proc.stderr)) {
      const info = parseShowinfoLine(line);
      if (info) {
        infos.push(info);
      } else if (!line.includes("Parsed_showinfo")) {
        if (PARTIAL_FILE.test(line)) partial = true;
        tail.push(line);
        if (tail.length > STDERR_TAIL) tail.shift();
      }
      wakeInfo?.();
    }
    stderrDone = true;
    wakeInfo?.();
  })();

  const nextInfo = async (): Promise<ShowinfoFrame | undefined> => {
    while (infos.length === 0 && !stderrDone) {
      await new Promise<void>((resolve) => {
        wakeInfo = resolve;
      });
      wakeInfo = undefined;
    }
    return infos.shift();
  };

  let stalled: number | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const armWatchdog = (ms: number | undefined) => {
    if (ms === undefined) return;
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      stalled = ms;
      void stopProcess(proc);
    }, ms);
  };
  const onAbort = () => void stopProcess(proc);
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const reader = proc.stdout.getReader();
  const images =
    options.format === "rgb24" ? rawImages(reader, nextInfo) : jpegImages(reader, nextInfo, options.label);
  let frames = 0;
  try {
    armWatchdog(options.startTimeoutMs ?? options.stallTimeoutMs);
    for await (const { info, image } of images) {
      frames += 1;
      clearTimeout(watchdog);
      yield {
        ptsMs: info.ptsTime === undefined ? (frames - 1) * (1000 / options.fps) : info.ptsTime * 1000,
        width: info.width,
        height: info.height,
        format: options.format ?? "jpeg",
        image,
      };
      armWatchdog(options.stallTimeoutMs);
    }
    const exitCode = await proc.exited;
    await stderrTask;
    if (options.signal?.aborted) return;
    if (stalled !== undefined) {
      throw new StreamlensError("stalled", `${options.label}: no frame for ${stalled} ms`, {
        retryable: true,
      });
    }
    if (exitCode !== 0) throw ffmpegError(options.label, classifyFfmpegFailure(tail, exitCode));
    if (partial) {
      throw new StreamlensError(
        "truncated",
        `${options.label}: the file ends early (ffmpeg: partial file); ${frames} sampled frames were read before the cut`,
      );
    }
    if (frames === 0) {
      throw new StreamlensError("no-frames", `${options.label}: ffmpeg produced no frames`, {
        hint: "the input may be empty, or shorter than one sample interval",
      });
    }
  } finally {
    clearTimeout(watchdog);
    options.signal?.removeEventListener("abort", onAbort);
    await stopProcess(proc);
    reader.releaseLock();
  }
}

/** ffmpeg's stdout, as read here. */
interface ByteReader {
  read(): Promise<{ done: true; value?: Uint8Array } | { done: false; value: Uint8Array }>;
}

interface ImageWithInfo {
  info: ShowinfoFrame;
  image: Uint8Array;
}

const missingInfo = (label: string) =>
  new StreamlensError("ffmpeg-protocol", `${label}: ffmpeg wrote a frame without its showinfo line`);

/** JPEGs are self-delimiting: split the stream, then pair each with its showinfo line. */
async function* jpegImages(
  reader: ByteReader,
  nextInfo: () => Promise<ShowinfoFrame | undefined>,
  label: string,
): AsyncGenerator<ImageWithInfo> {
  const splitter = new JpegSplitter();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const image of splitter.push(value)) {
      const info = await nextInfo();
      if (!info) throw missingInfo(label);
      yield { info, image };
    }
  }
}

/**
 * Raw frames carry no header: each showinfo line says the size of the next frame, and exactly
 * width × height × 3 bytes are cut from the stream for it.
 */
async function* rawImages(
  reader: ByteReader,
  nextInfo: () => Promise<ShowinfoFrame | undefined>,
): AsyncGenerator<ImageWithInfo> {
  let pending: Uint8Array[] = [];
  let buffered = 0;
  let ended = false;
  for (;;) {
    const info = await nextInfo();
    if (!info) return;
    const size = info.width * info.height * 3;
    while (buffered < size && !ended) {
      const { value, done } = await reader.read();
      if (done) ended = true;
      else {
        pending.push(value);
        buffered += value.length;
      }
    }
    // A line without all its bytes: ffmpeg stopped mid-frame (killed on a stall or a stop);
    // the exit status says which, after the loop.
    if (buffered < size) return;
    const image = new Uint8Array(size);
    let filled = 0;
    const rest: Uint8Array[] = [];
    for (const chunk of pending) {
      const take = Math.min(chunk.length, size - filled);
      if (take > 0) image.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
      filled += take;
      if (take < chunk.length) rest.push(chunk.subarray(take));
    }
    pending = rest;
    buffered -= size;
    yield { info, image };
  }
}

/** Splits a byte stream into text lines (ffmpeg ends log lines with \n, progress with \r). */
async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    const lines = rest.split(/\r?\n|\r/);
    rest = lines.pop() ?? "";
    yield* lines;
  }
  rest += decoder.decode();
  if (rest) yield rest;
}
