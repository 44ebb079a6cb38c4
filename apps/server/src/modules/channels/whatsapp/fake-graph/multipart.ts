// A small multipart/form-data reader (RFC 7578) for the fake's media upload: enough to check what Parley sends
// the way Meta would — every part's name, filename, content type and exact bytes.

export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  bytes: Buffer;
}

/** The parts of a multipart body, or a reason it cannot be read. */
export function parseMultipart(raw: Buffer, contentType: string | undefined): FormPart[] | { error: string } {
  const boundary = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  if (!boundary) return { error: 'the body must be multipart/form-data with a boundary' };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let at = raw.indexOf(delimiter);
  if (at < 0) return { error: 'the multipart body has no boundary line' };
  for (;;) {
    at += delimiter.length;
    if (raw.subarray(at, at + 2).toString() === '--') return parts;
    if (raw.subarray(at, at + 2).toString() !== '\r\n') return { error: 'a boundary line is not followed by CRLF' };
    at += 2;
    const headerEnd = raw.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) return { error: 'a part has no header block' };
    const headers = raw.subarray(at, headerEnd).toString('utf8').split('\r\n');
    const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return { error: 'the multipart body is not terminated' };
    const part = partHeaders(headers);
    if ('error' in part) return part;
    parts.push({ ...part, bytes: raw.subarray(headerEnd + 4, next) });
    at = next + 2;
  }
}

function partHeaders(lines: string[]): Omit<FormPart, 'bytes'> | { error: string } {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of lines) {
    const [key, ...rest] = line.split(':');
    const value = rest.join(':').trim();
    if (key?.toLowerCase() === 'content-disposition') {
      if (!/^form-data\b/i.test(value)) return { error: 'a part is not form-data' };
      name = /\bname="([^"]*)"/i.exec(value)?.[1];
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
    } else if (key?.toLowerCase() === 'content-type') contentType = value;
  }
  if (name === undefined) return { error: 'a part has no name' };
  return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType !== undefined ? { contentType } : {}) };
}
