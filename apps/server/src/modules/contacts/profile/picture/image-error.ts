/** An uploaded picture that cannot be used, with a reason a person can act on (the route maps it to a 400). */
export class ImageRejected extends Error {}

export interface CleanImage {
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
  width: number;
  height: number;
  bytes: Buffer;
}

export interface ImageLimits {
  /** Largest width or height accepted. */
  maxSide: number;
  /** Largest decoded pixel data (PNG), against decompression bombs. */
  maxRawBytes: number;
}

export function need(cond: boolean, why: string): asserts cond {
  if (!cond) throw new ImageRejected(why);
}

export function checkSize(width: number, height: number, limits: ImageLimits): void {
  need(width > 0 && height > 0, 'the image has no pixels');
  need(width <= limits.maxSide && height <= limits.maxSide, `the image must be at most ${limits.maxSide}×${limits.maxSide} pixels`);
}
