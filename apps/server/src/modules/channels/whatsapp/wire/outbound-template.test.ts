import { describe, expect, it } from 'vitest';
import { buildTemplateMessage, type TemplateMessageInput } from './outbound-template';
import { chars, expectRejected } from './outbound-test-util';

const base: TemplateMessageInput = { to: '16505551234', name: 'order_update', languageCode: 'en_US' };
const tpl = (over: Partial<TemplateMessageInput> = {}) => buildTemplateMessage({ ...base, ...over });

describe('buildTemplateMessage', () => {
  it('builds the exact body of the reference example', () => {
    const body = tpl({
      header: [{ type: 'image', id: '1479537139650973' }],
      body: [
        { type: 'text', text: 'Pablo' },
        { type: 'currency', fallbackValue: '$100.99', code: 'USD', amount1000: 100990 },
        { type: 'date_time', fallbackValue: 'May 17, 2026' },
      ],
      buttons: [
        { subType: 'quick_reply', index: 0, payload: 'CONFIRM_123' },
        { subType: 'url', index: 1, text: 'ORDER-123' },
      ],
      bizOpaqueCallbackData: 'campaign:42',
    });
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      biz_opaque_callback_data: 'campaign:42',
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { id: '1479537139650973' } }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Pablo' },
              { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
              { type: 'date_time', date_time: { fallback_value: 'May 17, 2026' } },
            ],
          },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'CONFIRM_123' }] },
          { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'ORDER-123' }] },
        ],
      },
    });
  });

  it('no parameters: no components', () => {
    expect(tpl().template).toEqual({ name: 'order_update', language: { code: 'en_US' } });
  });

  it('named parameters', () => {
    expect(tpl({ body: [{ type: 'text', text: 'Pablo', parameterName: 'first_name' }] }).template).toMatchObject({
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Pablo', parameter_name: 'first_name' }] }],
    });
    expectRejected(
      () =>
        tpl({
          body: [
            { type: 'text', text: 'a', parameterName: 'x' },
            { type: 'text', text: 'b' },
          ],
        }),
      'body',
      /mix named and positional/,
    );
    expectRejected(() => tpl({ body: [{ type: 'text', text: 'a', parameterName: 'First Name' }] }), 'body[0].parameterName');
  });

  it('text parameters: no newlines or tabs, at most 4 consecutive spaces', () => {
    expect(() => tpl({ body: [{ type: 'text', text: 'a    b' }] })).not.toThrow();
    expectRejected(() => tpl({ body: [{ type: 'text', text: 'a     b' }] }), 'body[0].text', /4 consecutive spaces/);
    expectRejected(() => tpl({ body: [{ type: 'text', text: 'a\nb' }] }), 'body[0].text', /newlines or tabs/);
    expectRejected(() => tpl({ body: [{ type: 'text', text: 'a\tb' }] }), 'body[0].text', /newlines or tabs/);
    expectRejected(() => tpl({ header: [{ type: 'text', text: 'a\r\nb' }] }), 'header[0].text', /newlines or tabs/);
    expectRejected(() => tpl({ buttons: [{ subType: 'url', index: 0, text: 'a\nb' }] }), 'buttons[0].text', /newlines or tabs/);
    expectRejected(() => tpl({ body: [{ type: 'text', text: '' }] }), 'body[0].text', 'must not be empty');
  });

  it('header text parameter ≤60, body text parameter ≤1024, one header parameter', () => {
    expect(() => tpl({ header: [{ type: 'text', text: chars(60) }], body: [{ type: 'text', text: chars(1024) }] })).not.toThrow();
    expectRejected(() => tpl({ header: [{ type: 'text', text: chars(61) }] }), 'header[0].text', 'must be at most 60 characters');
    expectRejected(() => tpl({ body: [{ type: 'text', text: chars(1025) }] }), 'body[0].text', 'must be at most 1024 characters');
    expectRejected(
      () =>
        tpl({
          header: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        }),
      'header',
      /at most 1/,
    );
  });

  it('media and location parameters only in the header', () => {
    expect(tpl({ header: [{ type: 'location', latitude: 1.5, longitude: -2, name: 'HQ' }] }).template).toMatchObject({
      components: [{ type: 'header', parameters: [{ type: 'location', location: { latitude: 1.5, longitude: -2, name: 'HQ' } }] }],
    });
    expectRejected(() => tpl({ body: [{ type: 'image', id: '1' }] }), 'body[0].type', /only allowed in the header/);
    expectRejected(() => tpl({ header: [{ type: 'video', link: 'http://x.example/v.mp4' }] }), 'header[0].link', /https/);
    expectRejected(() => tpl({ header: [{ type: 'location', latitude: 91, longitude: 0 }] }), 'header[0].latitude');
  });

  it('currency checks', () => {
    expectRejected(() => tpl({ body: [{ type: 'currency', fallbackValue: '$1', code: 'usd', amount1000: 1000 }] }), 'body[0].code');
    expectRejected(() => tpl({ body: [{ type: 'currency', fallbackValue: '$1', code: 'USD', amount1000: 1.5 }] }), 'body[0].amount1000');
  });

  it('buttons: index 0..9 and unique, payload required, copy code ≤15', () => {
    expect(() => tpl({ buttons: [{ subType: 'quick_reply', index: 9, payload: 'p' }] })).not.toThrow();
    expectRejected(() => tpl({ buttons: [{ subType: 'quick_reply', index: 10, payload: 'p' }] }), 'buttons[0].index');
    expectRejected(
      () =>
        tpl({
          buttons: [
            { subType: 'quick_reply', index: 0, payload: 'a' },
            { subType: 'quick_reply', index: 0, payload: 'b' },
          ],
        }),
      'buttons[1].index',
      /unique/,
    );
    expectRejected(() => tpl({ buttons: [{ subType: 'quick_reply', index: 0, payload: '' }] }), 'buttons[0].payload');
    expect(tpl({ buttons: [{ subType: 'copy_code', index: 0, couponCode: chars(15) }] }).template).toMatchObject({
      components: [{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: chars(15) }] }],
    });
    expectRejected(() => tpl({ buttons: [{ subType: 'copy_code', index: 0, couponCode: chars(16) }] }), 'buttons[0].couponCode');
    expectRejected(() => tpl({ buttons: [{ subType: 'flow' as never, index: 0, payload: 'x' }] }), 'buttons[0].subType');
  });

  it('name and language code', () => {
    expectRejected(() => tpl({ name: 'Order Update' }), 'name');
    expectRejected(() => tpl({ name: '' }), 'name');
    for (const languageCode of ['en', 'en_US', 'pt_BR', 'fil']) expect(() => tpl({ languageCode })).not.toThrow();
    expectRejected(() => tpl({ languageCode: 'english' }), 'languageCode');
    expectRejected(() => tpl({ languageCode: 'en-US' }), 'languageCode');
  });

  it('works with a BSUID recipient', () => {
    expect(buildTemplateMessage({ recipient: 'US.1349', name: 'hello', languageCode: 'en' })).toMatchObject({
      recipient: 'US.1349',
      type: 'template',
    });
  });
});
