// A small streaming XML scanner for the parts of an .xlsx we read (SpreadsheetML is plain, machine-written XML):
// text comes in chunks, tags are reported as they close, and nothing but the unfinished tail of a chunk is kept.
// Not a validating parser: a DOCTYPE (where entity declarations live) or an entity beyond XML's five is an error,
// character references are decoded; comments, processing instructions and the XML declaration are skipped; CDATA
// is text. Names lose their namespace prefix (`x:c` → `c`).

export interface XmlHandlers {
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text between tags (entities not yet decoded; see decodeXml). A text may arrive in pieces. */
  text(raw: string): void;
}

export class XmlScanner {
  private tail = '';

  constructor(private readonly h: XmlHandlers) {}

  write(chunk: string): void {
    const s = this.tail ? this.tail + chunk : chunk;
    this.tail = '';
    let i = 0;
    while (i < s.length) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        this.h.text(s.slice(i));
        return;
      }
      if (lt > i) this.h.text(s.slice(i, lt));
      const end = this.tagEnd(s, lt);
      if (end < 0) {
        this.tail = s.slice(lt);
        return;
      }
      i = end;
    }
  }

  /** The end of the markup at `lt` (index after it), having reported it; -1 when it is not complete yet. */
  private tagEnd(s: string, lt: number): number {
    const next = s.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) return after(s, '?>', lt);
    if (next === 0x21 /* ! */) {
      if (s.startsWith('<!--', lt)) return after(s, '-->', lt);
      if (s.startsWith('<![CDATA[', lt)) {
        const close = s.indexOf(']]>', lt);
        if (close < 0) return -1;
        this.h.text(encodeXml(s.slice(lt + 9, close)));
        return close + 3;
      }
      if (s.length - lt < 9) return -1;
      // Entity declarations (XXE, billion laughs) live there; Excel never writes one.
      throw new Error('the XML declares a DOCTYPE, which a workbook never has');
    }
    // Attribute values may hold '>': look for the end outside quotes.
    let quote = 0;
    for (let j = lt + 1; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e /* > */) {
        this.tag(s.slice(lt + 1, j));
        return j + 1;
      }
    }
    return -1;
  }

  private tag(body: string): void {
    if (body.charCodeAt(0) === 0x2f /* / */) return this.h.close(localName(body.slice(1).trim()));
    const selfClosing = body.charCodeAt(body.length - 1) === 0x2f;
    const tag = selfClosing ? body.slice(0, -1) : body;
    const space = tag.search(/\s/);
    this.h.open(localName(space < 0 ? tag : tag.slice(0, space)), tag, selfClosing);
  }
}

function after(s: string, marker: string, from: number): number {
  const at = s.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

const attributeRes = new Map<string, RegExp>();

/** An attribute of a tag's text (`c r="A1" t="s"`), decoded; a prefixed name matches by its local part. */
export function attribute(tag: string, name: string): string | undefined {
  let re = attributeRes.get(name);
  if (!re) attributeRes.set(name, (re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(tag);
  if (!m) return undefined;
  return decodeXml(m[1] ?? m[2] ?? '');
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five entities and character references; any other entity is an error (nothing declares one). */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') {
      const named = NAMED[ref];
      if (named === undefined) throw new Error(`the XML uses an undefined entity ${whole}`);
      return named;
    }
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const encodeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
