// Test helpers other parts reuse: real media servers to ingest from.
export { type MediaServer, startMediaServer } from "./testing/media-server.ts";
export { requireFfmpeg, requireYtDlp } from "./testing/require-tools.ts";
export { type RtspServer, startRtspServer } from "./testing/rtsp-server.ts";
