import { expect, test } from "bun:test";
import { fixture } from "@streamlens/core/testing";
import sharp from "sharp";
import { decodePixels } from "./preprocess.ts";

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: string; message?: string }) => ({ code: error.code, message: error.message }),
  );

test("a JPEG frame decodes to its pixels", async () => {
  const jpeg = await Bun.file(fixture("images/bus.jpg")).bytes();
  const pixels = await decodePixels({ format: "jpeg", data: jpeg });
  expect({ width: pixels.width, height: pixels.height, channels: pixels.channels }).toEqual({
    width: 810,
    height: 1080,
    channels: 3,
  });
  expect(pixels.data.length).toBe(810 * 1080 * 3);
});

test("an image sharp can read but a frame never is (SVG) is refused before any decoder", async () => {
  const svg = new TextEncoder().encode(
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
  );
  expect(await sharp(svg).metadata()).toMatchObject({ format: "svg" });
  expect(await refusal(decodePixels(svg))).toEqual({
    code: "bad-image",
    message: "the frame is not a JPEG or PNG image",
  });
});

test("a small PNG whose header claims more than 4096x4096 pixels is refused, not decoded", async () => {
  const bomb = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: "#000" } })
    .png({ compressionLevel: 9 })
    .toBuffer();
  expect(bomb.length).toBeLessThan(1_000_000);
  expect(await refusal(decodePixels(new Uint8Array(bomb)))).toEqual({
    code: "bad-image",
    message: "the frame's image cannot be decoded",
  });
  // Just inside the limit, it decodes.
  const large = await sharp({ create: { width: 4096, height: 16, channels: 3, background: "#000" } })
    .png()
    .toBuffer();
  expect((await decodePixels(new Uint8Array(large))).width).toBe(4096);
});

test("raw rgb24 pixels must match the size they claim", async () => {
  expect(
    await refusal(decodePixels({ format: "rgb24", data: new Uint8Array(10), width: 2, height: 2 })),
  ).toEqual({
    code: "bad-image",
    message: "rgb24 frame of 2x2 has 10 bytes",
  });
});
