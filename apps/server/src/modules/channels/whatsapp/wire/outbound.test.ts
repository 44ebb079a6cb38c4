import { describe, expect, it } from 'vitest';
import { buildMediaMessage, buildReactionMessage, buildTextMessage } from './outbound';
import { chars, expectRejected, issuesOf } from './outbound-test-util';

const to = '+16505551234';

describe('addressing (shared by every builder)', () => {
  it('builds the envelope with to, context and callback data', () => {
    expect(buildTextMessage({ to, body: 'hi', replyTo: 'wamid.Q', bizOpaqueCallbackData: 'campaign:42' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      context: { message_id: 'wamid.Q' },
      biz_opaque_callback_data: 'campaign:42',
      type: 'text',
      text: { preview_url: false, body: 'hi' },
    });
  });

  it('sends to a BSUID with `recipient`', () => {
    const body = buildTextMessage({ recipient: 'US.13491208655302741918', body: 'hi' });
    expect(body.recipient).toBe('US.13491208655302741918');
    expect(body.to).toBeUndefined();
  });

  it.each(['16505551234', '+16505551234', '1234567', '123456789012345'])('accepts the phone %s', (phone) => {
    expect(buildTextMessage({ to: phone, body: 'x' }).to).toBe(phone);
  });

  it.each(['', '+', '123456', '1234567890123456', '+1 650 555 1234', '0650555123', 'abc1234567', '++16505551234'])(
    'rejects the phone %j',
    (phone) => {
      expectRejected(() => buildTextMessage({ to: phone, body: 'x' }), 'to', /phone number/);
    },
  );

  it('requires exactly one of to / recipient', () => {
    expectRejected(() => buildTextMessage({ body: 'x' }), 'to', /exactly one/);
    expectRejected(() => buildTextMessage({ to, recipient: 'US.1', body: 'x' }), 'to', /exactly one/);
  });

  it('rejects a malformed BSUID', () => {
    expectRejected(() => buildTextMessage({ recipient: '13491208655302741918', body: 'x' }), 'recipient');
    expectRejected(() => buildTextMessage({ recipient: 'us.1', body: 'x' }), 'recipient');
  });

  it('bizOpaqueCallbackData: 512 bytes OK, 513 rejected (bytes, not characters)', () => {
    expect(buildTextMessage({ to, body: 'x', bizOpaqueCallbackData: chars(512) }).biz_opaque_callback_data).toHaveLength(512);
    expectRejected(
      () => buildTextMessage({ to, body: 'x', bizOpaqueCallbackData: chars(513) }),
      'bizOpaqueCallbackData',
      'must be at most 512 bytes',
    );
    // 128 four-byte emoji = 512 bytes; one more is over.
    expect(() => buildTextMessage({ to, body: 'x', bizOpaqueCallbackData: chars(128, '😮') })).not.toThrow();
    expectRejected(() => buildTextMessage({ to, body: 'x', bizOpaqueCallbackData: chars(129, '😮') }), 'bizOpaqueCallbackData');
  });

  it('replyTo must look like a wamid', () => {
    expect(buildTextMessage({ to, body: 'x', replyTo: chars(128) }).context).toEqual({ message_id: chars(128) });
    expectRejected(() => buildTextMessage({ to, body: 'x', replyTo: chars(129) }), 'replyTo');
    expectRejected(() => buildTextMessage({ to, body: 'x', replyTo: 'wamid. 1' }), 'replyTo');
  });

  it('a non-object input is a validation error, not a TypeError', () => {
    expectRejected(() => buildTextMessage(null as never), 'message');
  });

  it('reports every problem at once', () => {
    expect(issuesOf(() => buildTextMessage({ to: 'x', body: '' })).map((i) => i.field)).toEqual(['to', 'body']);
  });
});

describe('buildTextMessage', () => {
  it('body: 4096 characters OK, 4097 rejected; counted in code points', () => {
    expect(buildTextMessage({ to, body: chars(4096) }).text).toEqual({ preview_url: false, body: chars(4096) });
    expectRejected(() => buildTextMessage({ to, body: chars(4097) }), 'body', 'must be at most 4096 characters');
    expect(() => buildTextMessage({ to, body: chars(4096, '😮') })).not.toThrow();
    expectRejected(() => buildTextMessage({ to, body: chars(4097, '😮') }), 'body');
  });

  it('body must not be empty or blank', () => {
    expectRejected(() => buildTextMessage({ to, body: '' }), 'body', 'must not be empty');
    expectRejected(() => buildTextMessage({ to, body: '  \n' }), 'body', 'must not be blank');
  });

  it('previewUrl sets preview_url', () => {
    expect(buildTextMessage({ to, body: 'https://x.example', previewUrl: true }).text).toEqual({
      preview_url: true,
      body: 'https://x.example',
    });
  });
});

describe('buildMediaMessage', () => {
  it('by id and by https link', () => {
    expect(buildMediaMessage({ to, mediaType: 'image', id: '1479537139650973', caption: 'look' })).toMatchObject({
      type: 'image',
      image: { id: '1479537139650973', caption: 'look' },
    });
    expect(
      buildMediaMessage({ to, mediaType: 'document', link: 'https://x.example/x.pdf', filename: 'x.pdf', caption: 'c' }),
    ).toMatchObject({
      type: 'document',
      document: { link: 'https://x.example/x.pdf', filename: 'x.pdf', caption: 'c' },
    });
    expect(buildMediaMessage({ to, mediaType: 'sticker', id: '9' })).toMatchObject({ type: 'sticker', sticker: { id: '9' } });
  });

  it('exactly one of id and link', () => {
    expectRejected(() => buildMediaMessage({ to, mediaType: 'image' }), 'id', /exactly one/);
    expectRejected(() => buildMediaMessage({ to, mediaType: 'image', id: '1', link: 'https://x.example/a.png' }), 'id', /exactly one/);
  });

  it('link must be https', () => {
    expectRejected(() => buildMediaMessage({ to, mediaType: 'image', link: 'http://x.example/a.png' }), 'link', /https/);
    expectRejected(() => buildMediaMessage({ to, mediaType: 'image', link: 'not a url' }), 'link');
  });

  it('a media id cannot smuggle a path', () => {
    expectRejected(() => buildMediaMessage({ to, mediaType: 'image', id: '../me' }), 'id');
  });

  it('caption: 1024 OK, 1025 rejected', () => {
    expect(() => buildMediaMessage({ to, mediaType: 'video', id: '1', caption: chars(1024) })).not.toThrow();
    expectRejected(
      () => buildMediaMessage({ to, mediaType: 'video', id: '1', caption: chars(1025) }),
      'caption',
      'must be at most 1024 characters',
    );
  });

  it.each(['audio', 'sticker'] as const)('no caption on %s', (mediaType) => {
    expectRejected(() => buildMediaMessage({ to, mediaType, id: '1', caption: 'x' }), 'caption', /not allowed/);
  });

  it('filename only on documents', () => {
    expectRejected(() => buildMediaMessage({ to, mediaType: 'image', id: '1', filename: 'a.png' }), 'filename');
  });

  it('rejects an unknown media type', () => {
    expectRejected(() => buildMediaMessage({ to, mediaType: 'gif' as never, id: '1' }), 'mediaType');
  });
});

describe('buildReactionMessage', () => {
  it('adds and removes a reaction', () => {
    expect(buildReactionMessage({ to, messageId: 'wamid.X', emoji: '😮' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'reaction',
      reaction: { message_id: 'wamid.X', emoji: '😮' },
    });
    expect(buildReactionMessage({ to, messageId: 'wamid.X', emoji: '' }).reaction).toEqual({ message_id: 'wamid.X', emoji: '' });
  });

  it('accepts composed emoji (ZWJ sequences, flags, skin tones)', () => {
    for (const emoji of ['👨‍👩‍👧', '🇧🇷', '👍🏽', '❤️']) expect(() => buildReactionMessage({ to, messageId: 'wamid.X', emoji })).not.toThrow();
  });

  it('rejects text and several emoji', () => {
    expectRejected(() => buildReactionMessage({ to, messageId: 'wamid.X', emoji: 'ok' }), 'emoji');
    expectRejected(() => buildReactionMessage({ to, messageId: 'wamid.X', emoji: '😮😮' }), 'emoji');
  });

  it('requires the message id', () => {
    expectRejected(() => buildReactionMessage({ to, messageId: '', emoji: '😮' }), 'messageId');
  });
});
