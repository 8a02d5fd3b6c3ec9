import { describe, expect, test } from "bun:test";
import type { StreamlensError } from "../errors.ts";
import { decodeFrame, encodeFrame, type Frame } from "./frame.ts";

const header = {
  stream_id: "cam-1",
  seq: 1000,
  frame_ts: new Date(1000).toISOString(),
  width: 4,
  height: 2,
  live: false,
};
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

/** A frame as a consumer receives it: payload and properties. */
const sent = (frame: Frame) => {
  const { payload, properties = {} } = encodeFrame(frame);
  return { payload, properties };
};
const roundTrip = (frame: Frame) => decodeFrame(sent(frame));

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as StreamlensError;
  }
  throw new Error("expected a failure");
};

describe("frames on the bus", () => {
  test("a JPEG frame and a raw rgb24 frame both arrive as sent", () => {
    expect(roundTrip({ ...header, pixel_format: "jpeg", image: JPEG })).toEqual({
      ...header,
      pixel_format: "jpeg",
      image: JPEG,
    });
    const raw = new Uint8Array(4 * 2 * 3).map((_, i) => i);
    expect(roundTrip({ ...header, pixel_format: "rgb24", image: raw })).toMatchObject({
      pixel_format: "rgb24",
      image: raw,
    });
  });

  test("a frame from before pixel_format existed reads as JPEG", () => {
    const message = sent({ ...header, pixel_format: "jpeg", image: JPEG });
    const { pixel_format, ...older } = message.properties;
    expect(decodeFrame({ payload: JPEG, properties: older }).pixel_format).toBe("jpeg");
  });

  test("a raw frame whose size does not match its header is rejected, naming both sizes", () => {
    const error = failure(() =>
      roundTrip({ ...header, pixel_format: "rgb24", image: new Uint8Array(4 * 2 * 3 - 1) }),
    );
    expect(error.code).toBe("bad-frame");
    expect(error.message).toContain("23 bytes, expected 4x2x3 = 24");
  });

  test("a huge raw frame is rejected before its size is trusted", () => {
    const message = sent({ ...header, pixel_format: "rgb24", image: new Uint8Array(24) });
    const error = failure(() =>
      decodeFrame({ ...message, properties: { ...message.properties, width: "100000", height: "100000" } }),
    );
    expect(error.message).toContain("larger than 4096x4096");
  });

  test("an unknown pixel format and a JPEG frame that is not a JPEG are rejected", () => {
    const message = sent({ ...header, pixel_format: "jpeg", image: JPEG });
    expect(
      failure(() => decodeFrame({ ...message, properties: { ...message.properties, pixel_format: "yuv" } }))
        .message,
    ).toContain("pixel_format");
    expect(failure(() => decodeFrame({ ...message, payload: new Uint8Array([1, 2, 3]) })).message).toContain(
      "not a JPEG",
    );
  });
});
