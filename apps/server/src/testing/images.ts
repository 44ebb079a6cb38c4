// Test-only: small image files built byte by byte, with the metadata a picture upload must strip.
import { crc32, deflateSync, inflateSync } from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG whose pixel (x, y) is pixel(x, y), rows filtered with `filter`, with a tEXt chunk and trailing bytes. */
export function makePng(opts: {
  width: number;
  height: number;
  pixel?: (x: number, y: number) => [number, number, number, number];
  text?: string;
  filter?: number;
  trailer?: string;
}): Buffer {
  const { width, height } = opts;
  const pixel = opts.pixel ?? ((x, y) => [x % 256, y % 256, (x * y) % 256, 255]);
  const rows: Buffer[] = [];
  let prior = Buffer.alloc(width * 4);
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width * 4);
    for (let x = 0; x < width; x++) Buffer.from(pixel(x, y)).copy(row, x * 4);
    const filter = opts.filter ?? 0;
    // Filter 2 (Up) only, enough to prove rows are unfiltered before they are encoded again.
    const out = filter === 2 ? row.map((v, i) => (v - prior[i]!) & 0xff) : row;
    rows.push(Buffer.concat([Buffer.from([filter]), Buffer.from(out)]));
    prior = row;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...(opts.text ? [pngChunk('tEXt', Buffer.from(`Comment\0${opts.text}`, 'latin1'))] : []),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
    Buffer.from(opts.trailer ?? '', 'latin1'),
  ]);
}

/** A PNG that says it is width × height but whose data inflates to `rawBytes` zero bytes. */
export function makePngBomb(width: number, height: number, rawBytes: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(rawBytes), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** EXIF (little-endian) holding Orientation and a camera make, as phones write it. */
function exif(orientation: number, make: string): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + make.length + 1);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(2, 8);
  // Make (0x010f), ASCII, stored after the IFD.
  tiff.writeUInt16LE(0x010f, 10);
  tiff.writeUInt16LE(2, 12);
  tiff.writeUInt32LE(make.length + 1, 14);
  tiff.writeUInt32LE(8 + 2 + 24 + 4, 18);
  tiff.writeUInt16LE(0x0112, 22);
  tiff.writeUInt16LE(3, 24);
  tiff.writeUInt32LE(1, 26);
  tiff.writeUInt16LE(orientation, 30);
  tiff.write(make, 8 + 2 + 24 + 4, 'latin1');
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** A JPEG's structure (tables, frame 64×48, one scan) with EXIF, XMP, a comment and bytes after the end marker. */
export function makeJpeg(opts: { orientation?: number; secret: string }): Buffer {
  const sof = Buffer.from([8, 0, 48, 0, 64, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const sos = Buffer.from([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe1, exif(opts.orientation ?? 1, `Camera ${opts.secret}`)),
    segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${opts.secret}</x:xmpmeta>`, 'latin1')),
    segment(0xfe, Buffer.from(`comment ${opts.secret}`, 'latin1')),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xc0, sof),
    segment(0xc4, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(16, 0), Buffer.alloc(0)])),
    segment(0xda, sos),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78]),
    Buffer.from([0xff, 0xd9]),
    Buffer.from(`<script>${opts.secret}</script>`, 'latin1'),
  ]);
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** An extended WebP (VP8X with the EXIF and XMP flags set) with EXIF and XMP chunks and a lossless 30×20 image. */
export function makeWebp(secret: string): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04;
  vp8x.writeUIntLE(30 - 1, 4, 3);
  vp8x.writeUIntLE(20 - 1, 7, 3);
  const vp8l = Buffer.alloc(9);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE((30 - 1) | ((20 - 1) << 14), 1);
  const body = Buffer.concat([
    riffChunk('VP8X', vp8x),
    riffChunk('EXIF', Buffer.from(`MM\0*${secret}`, 'latin1')),
    riffChunk('VP8L', vp8l),
    riffChunk('XMP ', Buffer.from(`<x:xmpmeta>${secret}</x:xmpmeta>`, 'latin1')),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

/** A 2×2 GIF89a with a comment, an XMP application extension, the looping extension and bytes after the trailer. */
export function makeGif(secret: string): Buffer {
  const subBlocks = (data: Buffer) => {
    const parts: Buffer[] = [];
    for (let i = 0; i < data.length; i += 255) {
      const piece = data.subarray(i, i + 255);
      parts.push(Buffer.from([piece.length]), piece);
    }
    return Buffer.concat([...parts, Buffer.from([0])]);
  };
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    Buffer.from([2, 0, 2, 0, 0x80, 0, 0]), // 2×2, global colour table of 2 entries
    Buffer.from([0, 0, 0, 255, 255, 255]),
    Buffer.from([0x21, 0xfe]),
    subBlocks(Buffer.from(`comment ${secret}`, 'latin1')),
    Buffer.from([0x21, 0xff, 11]),
    Buffer.from('XMP DataXMP', 'latin1'),
    subBlocks(Buffer.from(`<x:xmpmeta>${secret}</x:xmpmeta>`, 'latin1')),
    Buffer.from([0x21, 0xff, 11]),
    Buffer.from('NETSCAPE2.0', 'latin1'),
    Buffer.from([3, 1, 0, 0, 0]),
    Buffer.from([0x21, 0xf9, 4, 0, 10, 0, 0, 0]),
    Buffer.from([0x2c, 0, 0, 0, 0, 2, 0, 2, 0, 0]),
    Buffer.from([2, 2, 0x44, 0x01, 0]),
    Buffer.from([0x3b]),
    Buffer.from(`trailing ${secret}`, 'latin1'),
  ]);
}

/** The chunk types of a PNG, in order. */
export function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let pos = 8; pos + 8 <= png.length;) {
    const length = png.readUInt32BE(pos);
    types.push(png.toString('latin1', pos + 4, pos + 8));
    pos += 12 + length;
  }
  return types;
}

/** Decode a non-interlaced 8-bit RGBA PNG to its pixels (written apart from the server's code, to check it). */
export function decodeRgbaPng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= png.length;) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? pixels[y * stride + i - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + i] = (v + pred) & 0xff;
    }
  }
  return { width, height, pixels };
}
