// GIF, rewritten block by block: the header, colour tables, graphic control extensions, the looping extension and
// every image (its LZW data copied as it is) are kept; comments, plain-text blocks, other application extensions
// (XMP, ICC) and anything after the trailer are dropped.
import { checkSize, need, type CleanImage, type ImageLimits } from './image-error';

export const isGif = (b: Buffer) => b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6));

const LOOPING = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);
const MAX_FRAMES = 500;

export function cleanGif(input: Buffer, limits: ImageLimits): CleanImage {
  need(input.length >= 13, 'the GIF file is cut short');
  const width = input.readUInt16LE(6);
  const height = input.readUInt16LE(8);
  checkSize(width, height, limits);
  const packed = input[10]!;
  let pos = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  need(pos <= input.length, 'the GIF file is cut short');
  const out: Buffer[] = [input.subarray(0, pos)];
  let frames = 0;
  for (;;) {
    need(pos < input.length, 'the GIF file is cut short');
    const introducer = input[pos]!;
    if (introducer === 0x3b) break;
    if (introducer === 0x2c) {
      need(pos + 10 <= input.length, 'the GIF file is cut short');
      const local = input[pos + 9]!;
      const start = pos;
      pos += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      need(pos < input.length, 'the GIF file is cut short');
      pos = skipSubBlocks(input, pos + 1); // LZW minimum code size, then the data
      out.push(input.subarray(start, pos));
      need(++frames <= MAX_FRAMES, `the GIF has more than ${MAX_FRAMES} frames`);
      continue;
    }
    need(introducer === 0x21 && pos + 2 <= input.length, 'the GIF file is damaged');
    const label = input[pos + 1]!;
    const start = pos;
    const end = skipSubBlocks(input, pos + 2);
    const keep = label === 0xf9 || (label === 0xff && input[pos + 2] === 11 && LOOPING.has(input.toString('latin1', pos + 3, pos + 14)));
    if (keep) out.push(input.subarray(start, end));
    pos = end;
  }
  need(frames > 0, 'the GIF file has no image');
  out.push(Buffer.from([0x3b]));
  return { mimeType: 'image/gif', width, height, bytes: Buffer.concat(out) };
}

/** Past a chain of length-prefixed sub-blocks and its zero terminator. */
function skipSubBlocks(b: Buffer, pos: number): number {
  for (;;) {
    need(pos < b.length, 'the GIF file is cut short');
    const n = b[pos]!;
    pos += 1 + n;
    if (n === 0) return pos;
  }
}
