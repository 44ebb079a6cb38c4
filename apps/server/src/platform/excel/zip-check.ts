// Before exceljs sees an .xlsx, its central directory (the zip's table of contents, at the end of the file) is
// read and checked: too many entries, an encrypted entry, a declared size or compression ratio of a zip bomb, or a
// shared-strings table too big to hold in memory are refused before a byte is inflated. Then every entry is
// inflated once, with its real size capped at the declared one and its CRC checked: a damaged or lying zip is
// refused here, because exceljs's streaming reader hangs forever on some damaged entries instead of failing.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createInflateRaw, crc32 } from 'node:zlib';
import { spreadsheetError } from './errors';

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the entries' declared uncompressed sizes. */
  maxUncompressedBytes: number;
  /** xl/sharedStrings.xml is held in memory while the sheet is read. */
  maxSharedStringsBytes: number;
  /** Uncompressed / compressed, for entries over 1 MB uncompressed. XML of a real sheet stays far below it. */
  maxRatio: number;
}

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

export async function checkXlsxZip(path: string, limits: ZipLimits): Promise<void> {
  const entries = await readCentralDirectory(path, limits.maxEntries);
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    throw spreadsheetError('The file is a zip archive but not an Excel workbook (.xlsx): it has no xl/workbook.xml');
  }
  let total = 0;
  for (const e of entries) {
    if (e.flags & 1) throw spreadsheetError('The workbook is encrypted or password-protected: save it without a password and try again');
    total += e.uncompressed;
    if (e.uncompressed > 1_000_000 && e.uncompressed > e.compressed * limits.maxRatio) {
      throw spreadsheetError(
        `The workbook's ${e.name} expands ${Math.round(e.uncompressed / Math.max(1, e.compressed))} times: refused as a zip bomb`,
      );
    }
    if (e.name === 'xl/sharedStrings.xml' && e.uncompressed > limits.maxSharedStringsBytes) {
      throw spreadsheetError(
        `The workbook's text table is ${mb(e.uncompressed)} (at most ${mb(limits.maxSharedStringsBytes)}): split the file`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw spreadsheetError(`The workbook expands to ${mb(total)} (at most ${mb(limits.maxUncompressedBytes)}): split the file`);
  }
  for (const e of entries) await verifyEntry(path, e);
}

const LOCAL = 0x04034b50;

const damagedEntry = (e: ZipEntry, why: string) =>
  spreadsheetError(`The workbook is damaged (${e.name}: ${why}): save it again from Excel`);

/**
 * An entry's content, inflated, as a stream (null when it is empty). Check the zip with checkXlsxZip first: it is
 * what makes the declared sizes trustworthy.
 */
export async function openEntry(path: string, e: ZipEntry): Promise<Readable | null> {
  if (e.method !== 0 && e.method !== 8) throw damagedEntry(e, `unsupported compression method ${e.method}`);
  const file = await open(path, 'r');
  const header = Buffer.alloc(30);
  try {
    await file.read(header, 0, 30, e.localOffset);
  } finally {
    await file.close();
  }
  if (header.readUInt32LE(0) !== LOCAL) throw damagedEntry(e, 'bad local header');
  const start = e.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (e.compressed === 0) {
    if (e.uncompressed !== 0) throw damagedEntry(e, 'no data');
    return null;
  }
  const raw = createReadStream(path, { start, end: start + e.compressed - 1 });
  const body = e.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  raw.on('error', (err) => body.destroy(err));
  body.on('close', () => raw.destroy());
  return body;
}

async function verifyEntry(path: string, e: ZipEntry): Promise<void> {
  const damaged = (why: string) => damagedEntry(e, why);
  const body = await openEntry(path, e);
  if (!body) return;
  let size = 0;
  let crc = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      // More than it declared: a lying zip bomb. Stop inflating at once.
      if (size > e.uncompressed) throw damaged('larger than its declared size');
      crc = crc32(chunk, crc);
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'AppError') throw err;
    throw damaged(err instanceof Error ? err.message : 'unreadable');
  } finally {
    body.destroy();
  }
  if (size !== e.uncompressed || crc >>> 0 !== e.crc >>> 0) throw damaged('its content does not match its checksum');
}

/** The zip's table of contents (its central directory), refused when damaged or holding over `maxEntries` parts. */
export async function readCentralDirectory(path: string, maxEntries: number): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, EOCD_MIN + MAX_COMMENT);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - EOCD_MIN; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw spreadsheetError('The workbook is damaged or incomplete (no zip directory at its end): save it again from Excel');
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw spreadsheetError('The workbook is too large (ZIP64): split the file');
    }
    if (count > maxEntries) throw spreadsheetError(`The workbook holds ${count} parts (at most ${maxEntries}): refused`);
    if (cdOffset + cdSize > size) throw spreadsheetError('The workbook is damaged (its zip directory points past the end of the file)');
    const cd = Buffer.alloc(cdSize);
    await file.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw spreadsheetError('The workbook is damaged (bad zip directory entry)');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      entries.push({
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressed: cd.readUInt32LE(p + 20),
        uncompressed: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;
