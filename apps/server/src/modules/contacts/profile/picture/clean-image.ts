import { cleanGif, isGif } from './gif';
import { ImageRejected, type CleanImage, type ImageLimits } from './image-error';
import { cleanJpeg, isJpeg } from './jpeg';
import { cleanPng, isPng } from './png';
import { cleanWebp, isWebp } from './webp';

export { ImageRejected } from './image-error';
export type { CleanImage, ImageLimits } from './image-error';

/** Not an image we take (SVG, HTML, PDF, anything renamed): decided by the bytes, never by the name or header. */
export class NotAnImage extends Error {}

/**
 * The picture, by its magic bytes, rewritten with its metadata stripped (PNG: pixel data decoded and encoded
 * again). Throws NotAnImage for other kinds, ImageRejected for a damaged or oversized image.
 */
export function cleanImage(input: Buffer, limits: ImageLimits): CleanImage {
  const clean = isPng(input) ? cleanPng : isJpeg(input) ? cleanJpeg : isWebp(input) ? cleanWebp : isGif(input) ? cleanGif : undefined;
  if (!clean) throw new NotAnImage('only PNG, JPEG, WebP or GIF images are accepted (no SVG)');
  try {
    return clean(input, limits);
  } catch (err) {
    // Out-of-range reads of a malformed file surface as RangeError: the file is damaged, not our fault.
    if (err instanceof RangeError) throw new ImageRejected('the image file is damaged');
    throw err;
  }
}
