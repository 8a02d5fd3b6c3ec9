import { StreamlensError } from "@streamlens/core";
import sharp, { type Metadata } from "sharp";
import type { SampledFrame } from "../ffmpeg/sampler.ts";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

/** JPEG or PNG, by content (not by file name). */
export function isStillImage(head: Uint8Array): boolean {
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  return jpeg || PNG_MAGIC.every((byte, i) => head[i] === byte);
}

/**
 * A still image as one frame. A JPEG that needs no change is passed through byte for byte;
 * PNGs, rotated or too-wide images are re-encoded once with sharp.
 */
export async function imageFrame(bytes: Uint8Array, label: string, maxWidth: number): Promise<SampledFrame> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: "error" }).metadata();
  } catch (cause) {
    throw new StreamlensError("invalid-image", `${label}: not a readable JPEG or PNG image`, { cause });
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const tooWide = maxWidth > 0 && width > maxWidth;
  const rotated = (meta.orientation ?? 1) !== 1;
  if (meta.format === "jpeg" && !tooWide && !rotated)
    return { ptsMs: 0, width, height, format: "jpeg", image: bytes };
  try {
    const { data, info } = await sharp(bytes, { failOn: "error" })
      .rotate()
      .resize(tooWide ? { width: maxWidth, withoutEnlargement: true } : undefined)
      .flatten({ background: "#000000" })
      .jpeg({ quality: 90 })
      .toBuffer({ resolveWithObject: true });
    return { ptsMs: 0, width: info.width, height: info.height, format: "jpeg", image: new Uint8Array(data) };
  } catch (cause) {
    throw new StreamlensError("invalid-image", `${label}: the image cannot be decoded`, { cause });
  }
}
