import { describe, expect, it } from 'vitest';
import { attachmentTypeOf, fillCannedReply, unknownPlaceholders } from './desk';

describe('canned reply placeholders', () => {
  it('fills the contact and agent values, with a fallback when one is missing or blank', () => {
    const text = 'Hi {{first_name|there}}, I am {{ agent_name }} from {{attr.city | our shop}}.';
    expect(fillCannedReply(text, { first_name: 'Ana', agent_name: 'Ben', 'attr.city': 'Rome' })).toBe('Hi Ana, I am Ben from Rome.');
    expect(fillCannedReply(text, { first_name: '  ', agent_name: 'Ben' })).toBe('Hi there, I am Ben from our shop.');
    expect(fillCannedReply('Dear {{last_name}}!', {})).toBe('Dear !');
  });

  it('names what Parley cannot fill', () => {
    expect(unknownPlaceholders('{{first_name}} {{frist_name}} {{attr.tier}} {{attr.Bad-Key}} {{ }}')).toEqual([
      'frist_name',
      'attr.Bad-Key',
      '',
    ]);
    expect(unknownPlaceholders('no placeholders, {single braces}')).toEqual([]);
  });
});

describe('attachment types', () => {
  it('maps a MIME type to the media WhatsApp sends it as, or null', () => {
    expect(attachmentTypeOf('image/PNG')).toBe('image');
    expect(attachmentTypeOf('audio/ogg; codecs=opus')).toBe('audio');
    expect(attachmentTypeOf('application/pdf')).toBe('document');
    expect(attachmentTypeOf('video/mp4')).toBe('video');
    expect(attachmentTypeOf('image/gif')).toBeNull();
    expect(attachmentTypeOf('')).toBeNull();
  });
});
