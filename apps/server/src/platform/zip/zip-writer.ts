// A streaming ZIP writer on node:zlib alone (no archive package in the dependencies): each entry is deflated as its
// bytes come and followed by a data descriptor (sizes and CRC known only at its end), so an export of any size holds
// one chunk at a time. Plain ZIP, not ZIP64: an archive stops with an error past 4 GB or 65,535 entries.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createDeflateRaw, crc32 } from 'node:zlib';

const LIMIT_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
// Bit 3: sizes and CRC follow the data; bit 11: names are UTF-8.
const FLAGS = 0x0808;
const DEFLATE = 8;

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  dosTime: number;
  dosDate: number;
}

export interface ZipOptions {
  /** zlib's deflate level, 1 (fastest) to 9 (smallest); zlib's default (6) when absent. */
  level?: number;
}

export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;

  constructor(
    private readonly out: Writable,
    private readonly options: ZipOptions = {},
  ) {}

  /** Add one file; its content is deflated as it is read. Entries are written one after the other. */
  async add(name: string, content: AsyncIterable<Buffer | string> | Buffer | string, modified: Date): Promise<void> {
    if (this.entries.length >= MAX_ENTRIES) throw new Error('the archive has too many files for a ZIP without ZIP64');
    const entry: Entry = {
      name: Buffer.from(safeName(name), 'utf8'),
      crc: 0,
      compressed: 0,
      size: 0,
      offset: this.offset,
      ...dosDateTime(modified),
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(entry.dosTime, 10);
    header.writeUInt16LE(entry.dosDate, 12);
    // CRC and sizes (14–25) stay zero: the data descriptor carries them.
    header.writeUInt16LE(entry.name.length, 26);
    await this.write(Buffer.concat([header, entry.name]));

    // zlib deflates on a worker thread: a buffer of a few chunks lets the caller make the next one meanwhile (with
    // the default 16 kB, every write waited for deflate and a sheet's export spent a third of its time idle).
    // (zlib passes stream options on to its Transform; its typings leave them out.)
    const deflate = createDeflateRaw({
      ...(this.options.level === undefined ? {} : { level: this.options.level }),
      chunkSize: 64 * 1024,
      ...{ writableHighWaterMark: 1024 * 1024 },
    });
    const pump = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        entry.compressed += chunk.length;
        await this.write(chunk);
      }
    })();
    try {
      for await (const piece of typeof content === 'string' || Buffer.isBuffer(content) ? [content] : content) {
        const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        entry.crc = crc32(bytes, entry.crc);
        entry.size += bytes.length;
        if (entry.size > LIMIT_32) throw new Error(`${name} is larger than a ZIP without ZIP64 can hold`);
        // The pump failing (the download closed) must not leave us waiting for a drain that never comes.
        if (!deflate.write(bytes)) await Promise.race([once(deflate, 'drain'), pump]);
      }
      deflate.end();
      await pump;
    } catch (err) {
      deflate.destroy();
      await pump.catch(() => undefined);
      throw err;
    }

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    await this.write(descriptor);
    this.entries.push(entry);
  }

  /** Write the central directory and end the output. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(FLAGS, 8);
      h.writeUInt16LE(DEFLATE, 10);
      h.writeUInt16LE(e.dosTime, 12);
      h.writeUInt16LE(e.dosDate, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      // Extra, comment, disk, internal attributes: 0. External: a regular file, rw-r--r--.
      h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
      h.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([h, e.name]));
    }
    const size = this.offset - start;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
  }

  private async write(bytes: Buffer): Promise<void> {
    if (this.out.destroyed) throw new Error('the download was closed before the archive was complete');
    if (this.offset + bytes.length > LIMIT_32) throw new Error('the archive is larger than a ZIP without ZIP64 can hold');
    this.offset += bytes.length;
    if (!this.out.write(bytes)) await waitDrain(this.out);
  }
}

async function waitDrain(out: Writable): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: stop.signal }), once(out, 'close', { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
  if (out.destroyed) throw new Error('the download was closed before the archive was complete');
}

/** Relative, forward slashes, no `..` segments (zip slip), no control characters. */
function safeName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\\]/g, '_')
      .split('/')
      .filter((part) => part && part !== '.' && part !== '..')
      .join('/') || 'file'
  );
}

/** MS-DOS date and time (local fields of the given instant, taken as UTC), what ZIP headers store. */
function dosDateTime(d: Date): { dosTime: number; dosDate: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    dosTime: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    dosDate: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}
