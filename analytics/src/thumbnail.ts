import sharp from "sharp";

/** Width of the thumbnails lists show (the site's cards are at most ~400 CSS px wide, 2x dense). */
export const THUMBNAIL_WIDTH = 640;

/**
 * A snapshot scaled down for lists: a grid of streams must not download every full frame (a
 * 1080p JPEG is 200-500 kB; this is ~20-40 kB). Made once per snapshot, here, because the Worker
 * that serves it cannot resize images.
 */
export async function makeThumbnail(jpeg: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(jpeg)
      .resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })
      .jpeg({ quality: 72, mozjpeg: true })
      .toBuffer(),
  );
}
