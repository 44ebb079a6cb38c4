import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeUnicode, signBody, verifySignature } from './signature';
import { RAW_REACTION } from './test-fixtures';

const SECRET = 'app-secret-123';
const raw = Buffer.from(RAW_REACTION, 'utf8');

describe('verifySignature', () => {
  it('accepts a valid signature over the raw bytes', () => {
    const header = signBody(raw, SECRET);
    expect(header).toBe(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
    expect(verifySignature(raw, header, SECRET)).toBe(true);
  });

  it('accepts upper-case hex', () => {
    expect(verifySignature(raw, signBody(raw, SECRET).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifySignature(raw, signBody(raw, 'other-secret'), SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['sha1 (legacy header format)', `sha1=${createHmac('sha1', SECRET).update(raw).digest('hex')}`],
    ['no prefix', createHmac('sha256', SECRET).update(raw).digest('hex')],
    ['truncated hex', signBody(raw, SECRET).slice(0, -2)],
    ['too long hex', `${signBody(raw, SECRET)}00`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('rejects a %s header', (_name, header) => {
    expect(verifySignature(raw, header, SECRET)).toBe(false);
  });

  it('rejects everything when the secret is empty', () => {
    expect(verifySignature(raw, signBody(raw, ''), '')).toBe(false);
  });

  it('rejects a re-serialised body whose bytes differ from what Meta signed', () => {
    const header = signBody(raw, SECRET);
    // Re-spacing (what a pretty-printer or another JSON library may do).
    const respaced = Buffer.from(JSON.stringify(JSON.parse(RAW_REACTION), null, 1), 'utf8');
    expect(verifySignature(respaced, header, SECRET)).toBe(false);
    // Meta escapes '/' as '\/'; JSON.stringify does not, so the re-serialised bytes no longer match.
    const slashes = Buffer.from('{"url":"https:\\/\\/x.example\\/a@b"}');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(slashes.toString('utf8'))), 'utf8');
    expect(reserialised.equals(slashes)).toBe(false);
    expect(verifySignature(slashes, signBody(slashes, SECRET), SECRET)).toBe(true);
    expect(verifySignature(reserialised, signBody(slashes, SECRET), SECRET)).toBe(false);
  });

  it('accepts a body that a proxy un-escaped, because Meta signs the escaped form', () => {
    const decoded = Buffer.from('{"text":"äöå 😮"}', 'utf8');
    const metaSigned = signBody('{"text":"\\u00e4\\u00f6\\u00e5 \\ud83d\\ude2e"}', SECRET);
    expect(verifySignature(decoded, metaSigned, SECRET)).toBe(true);
    expect(verifySignature(decoded, signBody('{"text":"\\u00e4\\u00f6\\u00e5 \\ud83d\\ude2f"}', SECRET), SECRET)).toBe(false);
  });
});

describe('escapeUnicode', () => {
  it('escapes every char outside [\\0-~] as lowercase \\uXXXX, emoji as a surrogate pair', () => {
    expect(escapeUnicode('äöå')).toBe('\\u00e4\\u00f6\\u00e5');
    expect(escapeUnicode('a😮b')).toBe('a\\ud83d\\ude2eb');
    expect(escapeUnicode('plain ~ /@')).toBe('plain ~ /@');
    expect(escapeUnicode('\u007f')).toBe('\\u007f');
  });
});
