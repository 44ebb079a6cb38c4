// WebP, rewritten chunk by chunk: the image chunks (VP8, VP8L, ALPH, ANIM, ANMF) are copied as they are (decoding
// them needs a library we do not have); EXIF, XMP, ICC and unknown chunks are dropped, and VP8X's flags for them
// cleared. Anything after the RIFF's declared end is dropped.
import { checkSize, need, type CleanImage, type ImageLimits } from './image-error';

export const isWebp = (b: Buffer) => b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';

const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF']);
const ICC_EXIF_XMP_FLAGS = 0x20 | 0x08 | 0x04;

export function cleanWebp(input: Buffer, limits: ImageLimits): CleanImage {
  const riffEnd = 8 + input.readUInt32LE(4);
  need(riffEnd <= input.length, 'the WebP file is cut short');
  const kept: Buffer[] = [];
  let size: { width: number; height: number } | undefined;
  let extended = false;
  let hasImage = false;
  let pos = 12;
  while (pos + 8 <= riffEnd) {
    const first = pos === 12;
    const fourcc = input.toString('latin1', pos, pos + 4);
    const length = input.readUInt32LE(pos + 4);
    const padded = length + (length & 1);
    need(pos + 8 + length <= riffEnd, 'the WebP file is cut short');
    const data = input.subarray(pos + 8, pos + 8 + length);
    const whole = input.subarray(pos, Math.min(pos + 8 + padded, riffEnd));
    pos += 8 + padded;
    if (first && fourcc === 'VP8X') {
      need(length >= 10, 'the WebP header is damaged');
      extended = true;
      size = { width: 1 + data.readUIntLE(4, 3), height: 1 + data.readUIntLE(7, 3) };
      const header = Buffer.from(whole);
      header[8] = header[8]! & ~ICC_EXIF_XMP_FLAGS;
      kept.push(header);
      continue;
    }
    if (!IMAGE_CHUNKS.has(fourcc)) continue;
    if (!extended) {
      // A simple file is one VP8 or VP8L chunk; its size is in the bitstream header.
      need(!hasImage && (fourcc === 'VP8 ' || fourcc === 'VP8L'), 'the WebP file is damaged');
      size = fourcc === 'VP8 ' ? vp8Size(data) : vp8lSize(data);
    }
    hasImage = true;
    kept.push(whole.length === 8 + padded ? whole : Buffer.concat([whole, Buffer.alloc(8 + padded - whole.length)]));
  }
  need(hasImage && size !== undefined, 'the WebP file has no image data');
  checkSize(size.width, size.height, limits);
  const body = Buffer.concat(kept);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return { mimeType: 'image/webp', ...size, bytes: Buffer.concat([head, body]) };
}

function vp8Size(d: Buffer) {
  need(d.length >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a, 'the WebP image data is damaged');
  return { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff };
}

function vp8lSize(d: Buffer) {
  need(d.length >= 5 && d[0] === 0x2f, 'the WebP image data is damaged');
  const bits = d.readUInt32LE(1);
  return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
}
