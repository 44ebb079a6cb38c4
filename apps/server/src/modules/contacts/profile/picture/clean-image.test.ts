import { describe, expect, it } from 'vitest';
import { decodeRgbaPng, makeGif, makeJpeg, makePng, makePngBomb, makeWebp, pngChunkTypes } from '../../../../testing/images';
import { cleanImage, ImageRejected, NotAnImage } from './clean-image';

const limits = { maxSide: 4096, maxRawBytes: 48 * 1024 * 1024 };
const SECRET = 'GPS-51.5N-secret';
const has = (b: Buffer, text: string) => b.includes(Buffer.from(text, 'latin1'));

describe('picture cleaning', () => {
  it('PNG: decodes and encodes the pixels again; only IHDR, IDAT and IEND remain', () => {
    const pixel = (x: number, y: number): [number, number, number, number] => [(x * 7) % 256, (y * 13) % 256, (x + y) % 256, 200];
    const input = makePng({ width: 40, height: 30, pixel, text: SECRET, filter: 2, trailer: `<svg>${SECRET}</svg>` });
    const out = cleanImage(input, limits);
    expect(out).toMatchObject({ mimeType: 'image/png', width: 40, height: 30 });
    expect(has(out.bytes, SECRET)).toBe(false);
    expect(pngChunkTypes(out.bytes)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const decoded = decodeRgbaPng(out.bytes);
    expect(decoded.pixels.equals(decodeRgbaPng(makePng({ width: 40, height: 30, pixel })).pixels)).toBe(true);
    expect(decoded.pixels.readUInt32BE(4 * (5 * 40 + 3))).toBe(Buffer.from(pixel(3, 5)).readUInt32BE(0));
  });

  it('PNG: refuses a damaged chunk, a decompression bomb and oversized dimensions', () => {
    const good = makePng({ width: 8, height: 8 });
    const damaged = Buffer.from(good);
    damaged[40] = damaged[40]! ^ 0xff;
    expect(() => cleanImage(damaged, limits)).toThrow(ImageRejected);
    // Says 64×64, holds 50 MB of zeros (a few dozen KB compressed): refused without inflating it all.
    expect(() => cleanImage(makePngBomb(64, 64, 50 * 1024 * 1024), limits)).toThrow(/does not match|damaged or too large/);
    expect(() => cleanImage(makePng({ width: 5000, height: 1 }), limits)).toThrow(/at most 4096/);
    expect(() => cleanImage(good.subarray(0, 30), limits)).toThrow(ImageRejected);
  });

  it('JPEG: drops EXIF, XMP, comments and what follows the end; keeps the orientation only', () => {
    const out = cleanImage(makeJpeg({ orientation: 6, secret: SECRET }), limits);
    expect(out).toMatchObject({ mimeType: 'image/jpeg', width: 64, height: 48 });
    expect(has(out.bytes, SECRET)).toBe(false);
    expect(has(out.bytes, 'Camera')).toBe(false);
    expect(has(out.bytes, '<script>')).toBe(false);
    expect(out.bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(has(out.bytes, 'JFIF\0')).toBe(true);
    // The minimal EXIF: big-endian Orientation = 6.
    expect(out.bytes.includes(Buffer.from([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06]))).toBe(true);
    // The scan data, stuffed bytes and restart marker included, is copied as it was.
    expect(out.bytes.includes(Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78]))).toBe(true);
    const upright = cleanImage(makeJpeg({ secret: SECRET }), limits);
    expect(has(upright.bytes, 'Exif')).toBe(false);
  });

  it('WebP and GIF: metadata chunks and blocks dropped, images kept', () => {
    const webp = cleanImage(makeWebp(SECRET), limits);
    expect(webp).toMatchObject({ mimeType: 'image/webp', width: 30, height: 20 });
    expect(has(webp.bytes, SECRET)).toBe(false);
    expect(webp.bytes[20]! & (0x20 | 0x08 | 0x04)).toBe(0);
    expect(webp.bytes.readUInt32LE(4)).toBe(webp.bytes.length - 8);
    expect(has(webp.bytes, 'VP8L')).toBe(true);

    const gif = cleanImage(makeGif(SECRET), limits);
    expect(gif).toMatchObject({ mimeType: 'image/gif', width: 2, height: 2 });
    expect(has(gif.bytes, SECRET)).toBe(false);
    expect(has(gif.bytes, 'NETSCAPE2.0')).toBe(true);
    expect(gif.bytes.at(-1)).toBe(0x3b);
  });

  it('refuses what is not a PNG, JPEG, WebP or GIF by its bytes: SVG, HTML, a renamed file', () => {
    for (const text of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<?xml version="1.0"?><svg/>',
      '<html>',
      '%PDF-1.7',
    ]) {
      expect(() => cleanImage(Buffer.from(text), limits)).toThrow(NotAnImage);
    }
  });
});
