/** What ffmpeg's `showinfo` filter logs for one frame that reached the encoder. */
export interface ShowinfoFrame {
  n: number;
  /** Presentation time in seconds, or undefined when the frame had none. */
  ptsTime: number | undefined;
  width: number;
  height: number;
}

const FRAME_LINE =
  /Parsed_showinfo_\d+ @ [^\]]+\]\s+n:\s*(\d+)\s+pts:\s*(\S+)\s+pts_time:\s*(\S+).*?\ss:(\d+)x(\d+)/;

/** Parses a showinfo frame line; other lines (config, side data, logs) give undefined. */
export function parseShowinfoLine(line: string): ShowinfoFrame | undefined {
  const match = FRAME_LINE.exec(line);
  if (!match) return undefined;
  const [, n, , ptsTime, width, height] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const seconds = Number(ptsTime);
  return {
    n: Number(n),
    ptsTime: Number.isFinite(seconds) ? seconds : undefined,
    width: Number(width),
    height: Number(height),
  };
}
