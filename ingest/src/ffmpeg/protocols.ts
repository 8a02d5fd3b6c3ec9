/**
 * The ffmpeg protocols each kind of source may use (`-protocol_whitelist`, inherited by what
 * the input opens itself: HLS segments and keys). Without it a playlist or a crafted input could
 * make ffmpeg read local files (`file:`), other processes' pipes, or `concat:`/`data:` inputs.
 */
const WHITELISTS = {
  file: "file",
  // HLS: playlists and segments over http(s); `crypto` decrypts AES-128 segments.
  http: "http,https,tcp,tls,crypto",
  rtsp: "rtsp,rtsps,tcp,udp,tls,rtp,srtp",
} as const;

export type ProtocolSet = keyof typeof WHITELISTS;

/** The input options that confine ffmpeg/ffprobe to `set`'s protocols (placed before `-i`). */
export function protocolArgs(set: ProtocolSet): string[] {
  return ["-protocol_whitelist", WHITELISTS[set]];
}
