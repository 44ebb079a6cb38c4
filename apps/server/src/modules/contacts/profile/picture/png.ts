// PNG, decoded and encoded again: the pixel data is inflated (never past the size IHDR implies), unfiltered and
// filtered afresh into new IDAT chunks. Only IHDR, PLTE and tRNS travel to the new file: text, EXIF, ICC
// profiles, timestamps, APNG frames and anything after IEND are gone.
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { checkSize, ImageRejected, need, type CleanImage, type ImageLimits } from './image-error';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IDAT_CHUNK = 64 * 1024;

/** Bits per sample allowed for each colour type, and samples per pixel. */
const COLOR_TYPES: Record<number, { depths: number[]; samples: number }> = {
  0: { depths: [1, 2, 4, 8, 16], samples: 1 },
  2: { depths: [8, 16], samples: 3 },
  3: { depths: [1, 2, 4, 8], samples: 1 },
  4: { depths: [8, 16], samples: 2 },
  6: { depths: [8, 16], samples: 4 },
};

// Adam7: each pass's first column / row and steps.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export const isPng = (b: Buffer) => b.length >= 8 && b.subarray(0, 8).equals(SIGNATURE);

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
  raw: Buffer;
}

export function cleanPng(input: Buffer, limits: ImageLimits): CleanImage {
  let pos = 8;
  let header: Header | undefined;
  let plte: Buffer | undefined;
  let trns: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (!ended) {
    need(pos + 12 <= input.length, 'the PNG file is cut short');
    const length = input.readUInt32BE(pos);
    const type = input.toString('latin1', pos + 4, pos + 8);
    need(length <= 0x7fffffff && pos + 12 + length <= input.length, 'the PNG file is cut short');
    const data = input.subarray(pos + 8, pos + 8 + length);
    need(crc32(input.subarray(pos + 4, pos + 8 + length)) === input.readUInt32BE(pos + 8 + length), `the PNG chunk ${type} is damaged`);
    pos += 12 + length;
    if (!header) {
      need(type === 'IHDR' && length === 13, 'the PNG file does not start with its header');
      header = readHeader(data, limits);
      continue;
    }
    switch (type) {
      case 'PLTE':
        need(length % 3 === 0 && length > 0 && length <= 768 && idat.length === 0, 'the PNG palette is invalid');
        plte = data;
        break;
      case 'tRNS':
        trns = data;
        break;
      case 'IDAT':
        idat.push(data);
        break;
      case 'IEND':
        ended = true;
        break;
      default:
        // Critical chunks we do not know make the image unreadable; ancillary ones (lower-case first letter) are dropped.
        need(/^[a-z]/.test(type), `the PNG chunk ${type} is not supported`);
    }
  }
  need(header !== undefined && idat.length > 0, 'the PNG file has no image data');
  need(header.colorType !== 3 || plte !== undefined, 'the PNG palette is missing');

  const expected = rawSize(header);
  need(expected <= limits.maxRawBytes, 'the image has too many pixels');
  let raw: Buffer;
  try {
    // Stop inflating one byte past what the header allows: a decompression bomb fails here, cheaply.
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw new ImageRejected('the PNG image data is damaged or too large');
  }
  need(raw.length === expected, 'the PNG image data does not match its size');
  const refiltered = refilter(raw, header);

  const out: Buffer[] = [SIGNATURE, chunk('IHDR', header.raw)];
  if (plte) out.push(chunk('PLTE', plte));
  if (trns) out.push(chunk('tRNS', trns));
  const compressed = deflateSync(refiltered, { level: 9 });
  for (let i = 0; i < compressed.length; i += IDAT_CHUNK) out.push(chunk('IDAT', compressed.subarray(i, i + IDAT_CHUNK)));
  out.push(chunk('IEND', Buffer.alloc(0)));
  return { mimeType: 'image/png', width: header.width, height: header.height, bytes: Buffer.concat(out) };
}

function readHeader(d: Buffer, limits: ImageLimits): Header {
  const h = { width: d.readUInt32BE(0), height: d.readUInt32BE(4), depth: d[8]!, colorType: d[9]!, interlace: d[12]!, raw: Buffer.from(d) };
  checkSize(h.width, h.height, limits);
  const ct = COLOR_TYPES[h.colorType];
  need(ct !== undefined && ct.depths.includes(h.depth), 'the PNG colour type or bit depth is invalid');
  need(
    d[10] === 0 && d[11] === 0 && (h.interlace === 0 || h.interlace === 1),
    'the PNG compression, filter or interlace method is invalid',
  );
  return h;
}

const bitsPerPixel = (h: Header) => h.depth * COLOR_TYPES[h.colorType]!.samples;
const rowBytes = (h: Header, width: number) => Math.ceil((width * bitsPerPixel(h)) / 8);

/** The sub-images the data holds: the whole image, or Adam7's seven passes (empty ones have no bytes at all). */
function passes(h: Header): Array<{ width: number; height: number }> {
  if (h.interlace === 0) return [{ width: h.width, height: h.height }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    width: h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0,
    height: h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0,
  }));
}

function rawSize(h: Header): number {
  return passes(h).reduce((sum, p) => sum + (p.width && p.height ? p.height * (1 + rowBytes(h, p.width)) : 0), 0);
}

/** Undo each row's filter, then filter it again with whichever of the five filters compresses best (least sum). */
function refilter(raw: Buffer, h: Header): Buffer {
  const bpp = Math.max(1, Math.ceil(bitsPerPixel(h) / 8));
  const out = Buffer.alloc(raw.length);
  let pos = 0;
  for (const p of passes(h)) {
    if (!p.width || !p.height) continue;
    const stride = rowBytes(h, p.width);
    let prior = Buffer.alloc(stride);
    for (let y = 0; y < p.height; y++) {
      const filter = raw[pos]!;
      need(filter <= 4, 'the PNG image data is damaged');
      const row = Buffer.from(raw.subarray(pos + 1, pos + 1 + stride));
      unfilterRow(filter, row, prior, bpp);
      const [best, bytes] = bestFilter(row, prior, bpp);
      out[pos] = best;
      bytes.copy(out, pos + 1);
      prior = row;
      pos += 1 + stride;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilterRow(filter: number, row: Buffer, prior: Buffer, bpp: number): void {
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp]! : 0;
    const b = prior[i]!;
    const c = i >= bpp ? prior[i - bpp]! : 0;
    const predictor = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
    row[i] = (row[i]! + predictor) & 0xff;
  }
}

function bestFilter(row: Buffer, prior: Buffer, bpp: number): [number, Buffer] {
  let best: [number, Buffer] = [0, row];
  let bestScore = Infinity;
  for (let filter = 0; filter <= 4; filter++) {
    const bytes = Buffer.alloc(row.length);
    let score = 0;
    for (let i = 0; i < row.length; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prior[i]!;
      const c = i >= bpp ? prior[i - bpp]! : 0;
      const predictor = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : 0;
      const v = (row[i]! - predictor) & 0xff;
      bytes[i] = v;
      score += v < 128 ? v : 256 - v;
    }
    if (score < bestScore) {
      bestScore = score;
      best = [filter, bytes];
    }
  }
  return best;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
