import { type Frame, MAX_FRAME_PIXELS, StreamlensError } from "@streamlens/core";
import sharp from "sharp";
import type { ImageMapping } from "./decoders/types.ts";
import { letterboxInto, type Pixels } from "./letterbox.ts";
import type { ModelSpec } from "./models/spec.ts";

// Every frame is decoded once, and every snapshot encoded once: libvips' operation cache (50 MB
// by default) would only hold results nobody asks for again, and the pool's RSS swung with it.
sharp.cache(false);

/** What the model's image input takes: normalised float32, or raw bytes it converts itself. */
export type PixelType = "float32" | "uint8";

export interface PreparedImage {
  /**
   * CHW for one image in the model's channel order: float32 already normalised, or the raw
   * 8-bit pixels for a model rewritten to take bytes (it normalises inside the graph).
   */
  data: Float32Array | Uint8Array;
  mapping: ImageMapping;
}

/** Where a frame of this size lands in the model input (resized size and offset). */
export function planResize(spec: ModelSpec, width: number, height: number) {
  const { width: W, height: H } = spec.input;
  if (spec.resize.mode === "stretch") {
    return {
      resizedWidth: W,
      resizedHeight: H,
      mapping: { width, height, scaleX: W / width, scaleY: H / height, padX: 0, padY: 0 },
    };
  }
  const r = Math.min(W / width, H / height);
  const resizedWidth = Math.max(1, Math.floor(width * r));
  const resizedHeight = Math.max(1, Math.floor(height * r));
  const center = spec.resize.align === "center";
  const padX = center ? Math.floor((W - resizedWidth) / 2) : 0;
  const padY = center ? Math.floor((H - resizedHeight) / 2) : 0;
  return { resizedWidth, resizedHeight, mapping: { width, height, scaleX: r, scaleY: r, padX, padY } };
}

/**
 * Only JPEG and PNG reach the decoder, told apart by their signatures: sharp also reads SVG,
 * TIFF, GIF and more, which a frame never is and whose decoders a hostile frame need not reach.
 * (The signature is all that is checked here; sharp reads the header once, when it decodes.)
 */
function assertJpegOrPng(image: Uint8Array): void {
  const jpeg = image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff;
  const png = image[0] === 0x89 && image[1] === 0x50 && image[2] === 0x4e && image[3] === 0x47;
  if (!jpeg && !png) throw new StreamlensError("bad-image", "the frame is not a JPEG or PNG image");
}

/** A frame's pixels as they travel: an encoded image (JPEG, PNG), or raw rgb24 of a known size. */
export type FrameImage =
  | Uint8Array
  | { format: "jpeg"; data: Uint8Array }
  | { format: "rgb24"; data: Uint8Array; width: number; height: number };

/** A bus frame's pixels as the detector takes them. */
export function frameImage(frame: Frame): FrameImage {
  return frame.pixel_format === "rgb24"
    ? { format: "rgb24", data: frame.image, width: frame.width, height: frame.height }
    : { format: "jpeg", data: frame.image };
}

/** The frame's 8-bit pixels: raw ones as they are, an encoded image decoded by sharp. */
export async function decodePixels(image: FrameImage): Promise<Pixels> {
  if (!(image instanceof Uint8Array) && image.format === "rgb24") {
    const { data, width, height } = image;
    if (data.length !== width * height * 3)
      throw new StreamlensError("bad-image", `rgb24 frame of ${width}x${height} has ${data.length} bytes`);
    return { data, width, height, channels: 3 };
  }
  const encoded = image instanceof Uint8Array ? image : image.data;
  assertJpegOrPng(encoded);
  try {
    // A header may claim any size: a decompression bomb is refused before it is decoded.
    const { data, info } = await sharp(encoded, { failOn: "error", limitInputPixels: MAX_FRAME_PIXELS })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (cause) {
    throw new StreamlensError("bad-image", "the frame's image cannot be decoded", { cause });
  }
}

/** Values in one model input: three planes of the input size. */
export const inputLength = (spec: ModelSpec) => 3 * spec.input.width * spec.input.height;

/** Whether `input` is a model input of `spec`'s size for `pixelType`. */
export const fitsInput = (input: Float32Array | Uint8Array, spec: ModelSpec, pixelType: PixelType) =>
  input.length === inputLength(spec) && input instanceof Uint8Array === (pixelType === "uint8");

/** A model input of `spec`'s size, zeroed. */
export function newInput(spec: ModelSpec, pixelType: PixelType): Float32Array | Uint8Array {
  return pixelType === "uint8" ? new Uint8Array(inputLength(spec)) : new Float32Array(inputLength(spec));
}

/**
 * The model's input tensor for one frame (written into `into` when given, a buffer of
 * `newInput`'s size and type): decoded (sharp runs on libuv's threads, off the JS
 * thread), then resized into place. Frames on the bus are upright (ingest applies EXIF
 * orientation), so none is applied here.
 */
export async function preprocess(
  image: FrameImage,
  spec: ModelSpec,
  pixelType: PixelType = "float32",
  into?: Float32Array | Uint8Array,
): Promise<PreparedImage> {
  const pixels = await decodePixels(image);
  const plan = planResize(spec, pixels.width, pixels.height);
  const data = into ?? newInput(spec, pixelType);
  if (!fitsInput(data, spec, pixelType))
    throw new Error("the input buffer is not of the model's size and type");
  letterboxInto(data, pixels, plan, spec);
  return { data, mapping: plan.mapping };
}
