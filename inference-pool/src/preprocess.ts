import { StreamlensError } from "@streamlens/core";
import { imageSize } from "image-size";
import sharp, { type OutputInfo } from "sharp";
import type { ImageMapping } from "./decoders/types.ts";
import type { ModelSpec } from "./models/spec.ts";

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
 * Interleaved 8-bit pixels to planar in one pass, with channel order and normalisation folded
 * into a multiply-add per channel (the identity for a byte output). Grey images (1 channel)
 * feed all three planes; an alpha channel is skipped. Hand-written: it is the hot loop of
 * preprocessing and sharp has no planar output.
 */
export function fillTensor(
  out: Float32Array | Uint8Array,
  pixels: Uint8Array,
  resizedWidth: number,
  resizedHeight: number,
  mapping: Pick<ImageMapping, "padX" | "padY">,
  spec: ModelSpec,
  channels = 3,
) {
  const { width: W, height: H } = spec.input;
  const plane = W * H;
  const bytes = out instanceof Uint8Array;
  const { scale, mean, std } = bytes ? { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } : spec.normalize;
  const order = channels < 3 ? [0, 0, 0] : spec.channels === "bgr" ? [2, 1, 0] : [0, 1, 2];
  const [s0, s1, s2] = order as [number, number, number];
  const a0 = scale / (std[0] as number);
  const a1 = scale / (std[1] as number);
  const a2 = scale / (std[2] as number);
  const b0 = -(mean[0] as number) / (std[0] as number);
  const b1 = -(mean[1] as number) / (std[1] as number);
  const b2 = -(mean[2] as number) / (std[2] as number);
  if (spec.resize.mode === "letterbox" && (resizedWidth < W || resizedHeight < H)) {
    const fill = spec.resize.fill;
    const values = [fill * a0 + b0, fill * a1 + b1, fill * a2 + b2];
    // Only the border: the image rows are written below, so filling whole planes would write
    // most of the tensor twice (a profiled cost on every frame).
    const top = mapping.padY * W;
    const imageEnd = (mapping.padY + resizedHeight) * W;
    for (const [c, value] of values.entries()) {
      const start = c * plane;
      out.fill(value as number, start, start + top);
      out.fill(value as number, start + imageEnd, start + plane);
      if (resizedWidth < W) {
        for (let y = mapping.padY; y < mapping.padY + resizedHeight; y += 1) {
          const row = start + y * W;
          out.fill(value as number, row, row + mapping.padX);
          out.fill(value as number, row + mapping.padX + resizedWidth, row + W);
        }
      }
    }
  }
  for (let y = 0; y < resizedHeight; y += 1) {
    let src = y * resizedWidth * channels;
    let dst = (y + mapping.padY) * W + mapping.padX;
    for (let x = 0; x < resizedWidth; x += 1, src += channels, dst += 1) {
      out[dst] = (pixels[src + s0] as number) * a0 + b0;
      out[plane + dst] = (pixels[src + s1] as number) * a1 + b1;
      out[2 * plane + dst] = (pixels[src + s2] as number) * a2 + b2;
    }
  }
}

/** Width and height from the image header, read synchronously (no extra trip to sharp's threads). */
function dimensions(image: Uint8Array): { width: number; height: number } {
  try {
    const { width, height } = imageSize(image);
    if (width > 0 && height > 0) return { width, height };
  } catch {
    // reported below
  }
  throw new StreamlensError("bad-image", "the frame is not a readable JPEG or PNG image");
}

/**
 * Decodes a JPEG (or PNG) with sharp, resizes it for the model and fills a CHW tensor. One sharp
 * call per frame, started at once: it runs on libuv's threads while the model runs the previous
 * frame (ONNX Runtime holds the JS thread during session.run). Frames on the bus are upright
 * (ingest applies EXIF orientation), so none is applied here.
 */
export async function preprocess(
  image: Uint8Array,
  spec: ModelSpec,
  pixelType: PixelType = "float32",
): Promise<PreparedImage> {
  const { width, height } = dimensions(image);
  const plan = planResize(spec, width, height);
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(image, { failOn: "error" })
      .resize(plan.resizedWidth, plan.resizedHeight, { fit: "fill", kernel: "linear" })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new StreamlensError("bad-image", "the frame's image cannot be decoded", { cause });
  }
  const size = 3 * spec.input.width * spec.input.height;
  const data = pixelType === "uint8" ? new Uint8Array(size) : new Float32Array(size);
  fillTensor(data, raw.data, plan.resizedWidth, plan.resizedHeight, plan.mapping, spec, raw.info.channels);
  return { data, mapping: plan.mapping };
}
