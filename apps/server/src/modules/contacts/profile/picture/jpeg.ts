// JPEG, rewritten segment by segment. The compressed image data is copied as it is (decoding it needs an image
// library we do not have); everything around it is rebuilt: APPn segments (EXIF with GPS and camera serials, XMP,
// ICC, Photoshop IRB), comments and anything after the end marker are dropped, and a fresh JFIF header goes first.
// The EXIF orientation alone is carried over, in a minimal EXIF of its own, so the photo does not turn sideways.
import { checkSize, need, type CleanImage, type ImageLimits } from './image-error';

export const isJpeg = (b: Buffer) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** Tables and markers the decoder needs; kept as they are. */
const KEEP = new Set([0xdb, 0xc4, 0xcc, 0xdd]);
const JFIF = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

export function cleanJpeg(input: Buffer, limits: ImageLimits): CleanImage {
  const out: Buffer[] = [Buffer.from([0xff, 0xd8]), JFIF];
  let orientation = 1;
  let frame: { width: number; height: number } | undefined;
  let scans = 0;
  let pos = 2;
  for (;;) {
    need(pos + 2 <= input.length, 'the JPEG file is cut short');
    need(input[pos] === 0xff, 'the JPEG file is damaged');
    while (input[pos + 1] === 0xff) pos++; // fill bytes
    const marker = input[pos + 1]!;
    if (marker === 0xd9) break; // end of image: whatever follows is dropped
    need(pos + 4 <= input.length, 'the JPEG file is cut short');
    const length = input.readUInt16BE(pos + 2);
    need(length >= 2 && pos + 2 + length <= input.length, 'the JPEG file is cut short');
    const segment = input.subarray(pos, pos + 2 + length);
    const body = input.subarray(pos + 4, pos + 2 + length);
    pos += 2 + length;
    if (marker >= 0xe0 && marker <= 0xef) {
      if (marker === 0xe1) orientation = exifOrientation(body) ?? orientation;
      // An Adobe marker says how the colours are encoded (YCCK, RGB): a dozen bytes of flags, kept.
      if (marker === 0xee && length === 14 && body.toString('latin1', 0, 5) === 'Adobe') out.push(segment);
      continue;
    }
    if (marker === 0xfe) continue; // comment
    if (SOF.has(marker)) {
      need(!frame, 'the JPEG file has more than one frame');
      need(length >= 8, 'the JPEG frame header is damaged');
      frame = { height: body.readUInt16BE(1), width: body.readUInt16BE(3) };
      checkSize(frame.width, frame.height, limits);
      out.push(segment);
      continue;
    }
    if (KEEP.has(marker)) {
      out.push(segment);
      continue;
    }
    need(marker === 0xda, `the JPEG marker 0x${marker.toString(16)} is not supported`);
    need(frame !== undefined, 'the JPEG file has no frame header');
    // Start of scan: the entropy-coded data runs to the next marker that is neither a stuffed 0xFF nor a restart.
    let end = pos;
    while (
      end + 1 < input.length &&
      !(input[end] === 0xff && input[end + 1] !== 0x00 && !(input[end + 1]! >= 0xd0 && input[end + 1]! <= 0xd7))
    ) {
      end++;
    }
    need(end + 1 < input.length, 'the JPEG file is cut short');
    out.push(segment, input.subarray(pos, end));
    scans++;
    pos = end;
  }
  need(frame !== undefined && scans > 0, 'the JPEG file has no image data');
  if (orientation >= 2 && orientation <= 8) out.splice(2, 0, orientationExif(orientation));
  out.push(Buffer.from([0xff, 0xd9]));
  return { mimeType: 'image/jpeg', width: frame.width, height: frame.height, bytes: Buffer.concat(out) };
}

/** The Orientation tag (0x0112) of IFD0 in an APP1 EXIF body, read with every offset checked. */
function exifOrientation(body: Buffer): number | undefined {
  if (body.length < 14 || body.toString('latin1', 0, 6) !== 'Exif\0\0') return undefined;
  const tiff = body.subarray(6);
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (o: number) => (o + 2 <= tiff.length ? (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o)) : undefined);
  const u32 = (o: number) => (o + 4 <= tiff.length ? (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o)) : undefined);
  const ifd = u32(4);
  const count = ifd === undefined ? undefined : u16(ifd);
  if (ifd === undefined || count === undefined) return undefined;
  for (let i = 0; i < Math.min(count, 500); i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) return u16(entry + 8);
  }
  return undefined;
}

/** APP1 with a big-endian TIFF header and IFD0 holding only Orientation. */
function orientationExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}
