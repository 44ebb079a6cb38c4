import { describe, expect, it } from 'vitest';
import { buildListMessage, buildReplyButtonsMessage, type ListSection, type ReplyButton } from './outbound-interactive';
import { chars, expectRejected, issuesOf } from './outbound-test-util';

const to = '16505551234';
const buttons = (...titles: string[]): ReplyButton[] => titles.map((title, i) => ({ id: `b${i}`, title }));
const rb = (over: Partial<Parameters<typeof buildReplyButtonsMessage>[0]> = {}) =>
  buildReplyButtonsMessage({ to, body: 'Pick one', buttons: buttons('Yes', 'No'), ...over });

describe('buildReplyButtonsMessage', () => {
  it('builds the exact body', () => {
    expect(rb({ header: 'Header', footer: 'Footer' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Header' },
        body: { text: 'Pick one' },
        footer: { text: 'Footer' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'b0', title: 'Yes' } },
            { type: 'reply', reply: { id: 'b1', title: 'No' } },
          ],
        },
      },
    });
  });

  it('media header', () => {
    expect(rb({ header: { type: 'image', id: '123' } }).interactive).toMatchObject({ header: { type: 'image', image: { id: '123' } } });
    expect(rb({ header: { type: 'document', link: 'https://x.example/a.pdf', filename: 'a.pdf' } }).interactive).toMatchObject({
      header: { type: 'document', document: { link: 'https://x.example/a.pdf', filename: 'a.pdf' } },
    });
    expectRejected(() => rb({ header: { type: 'image', id: '1', caption: 'no' } as never }), 'header.caption');
    expectRejected(() => rb({ header: { type: 'image' } }), 'header', /exactly one/);
  });

  it('1..3 buttons', () => {
    expect(() => rb({ buttons: buttons('A') })).not.toThrow();
    expect(() => rb({ buttons: buttons('A', 'B', 'C') })).not.toThrow();
    expectRejected(() => rb({ buttons: [] }), 'buttons', '1 to 3');
    expectRejected(() => rb({ buttons: buttons('A', 'B', 'C', 'D') }), 'buttons', '1 to 3');
  });

  it('title: 20 characters OK (emoji count as one), 21 rejected with the index named', () => {
    expect(() => rb({ buttons: buttons('A', chars(20)) })).not.toThrow();
    expect(() => rb({ buttons: buttons('A', chars(20, '😮')) })).not.toThrow();
    expectRejected(() => rb({ buttons: buttons('A', chars(21)) }), 'buttons[1].title', 'must be at most 20 characters');
    expectRejected(() => rb({ buttons: buttons('A', '') }), 'buttons[1].title', 'must not be empty');
  });

  it('titles and ids must be unique', () => {
    expectRejected(() => rb({ buttons: buttons('Same', 'Same') }), 'buttons[1].title', /unique/);
    expectRejected(
      () =>
        rb({
          buttons: [
            { id: 'x', title: 'A' },
            { id: 'x', title: 'B' },
          ],
        }),
      'buttons[1].id',
      /unique/,
    );
  });

  it('id: 256 OK, 257 rejected, no leading/trailing spaces', () => {
    expect(() => rb({ buttons: [{ id: chars(256), title: 'A' }] })).not.toThrow();
    expectRejected(() => rb({ buttons: [{ id: chars(257), title: 'A' }] }), 'buttons[0].id', 'must be at most 256 characters');
    expectRejected(() => rb({ buttons: [{ id: ' x', title: 'A' }] }), 'buttons[0].id', /leading or trailing/);
    expectRejected(() => rb({ buttons: [{ id: 'x ', title: 'A' }] }), 'buttons[0].id', /leading or trailing/);
  });

  it('body 1..1024, header ≤60, footer ≤60', () => {
    expect(() => rb({ body: chars(1024), header: chars(60), footer: chars(60) })).not.toThrow();
    expectRejected(() => rb({ body: chars(1025) }), 'body', 'must be at most 1024 characters');
    expectRejected(() => rb({ body: '' }), 'body');
    expectRejected(() => rb({ header: chars(61) }), 'header', 'must be at most 60 characters');
    expectRejected(() => rb({ footer: chars(61) }), 'footer', 'must be at most 60 characters');
  });

  it('junk buttons are named, not crashes', () => {
    expect(issuesOf(() => rb({ buttons: [null, 'x'] as never })).map((i) => i.field)).toEqual(['buttons[0]', 'buttons[1]']);
    expectRejected(() => rb({ buttons: 'x' as never }), 'buttons');
  });
});

const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
const list = (over: Partial<Parameters<typeof buildListMessage>[0]> = {}) =>
  buildListMessage({ to, body: 'Choose', button: 'Options', sections: [{ rows: rows(2) }], ...over });

describe('buildListMessage', () => {
  it('builds the exact body', () => {
    expect(list({ header: 'H', footer: 'F', sections: [{ title: 'S', rows: [{ id: 'a', title: 'A', description: 'd' }] }] })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'interactive',
      interactive: {
        type: 'list',
        header: { type: 'text', text: 'H' },
        body: { text: 'Choose' },
        footer: { text: 'F' },
        action: { button: 'Options', sections: [{ title: 'S', rows: [{ id: 'a', title: 'A', description: 'd' }] }] },
      },
    });
  });

  it('button label 1..20', () => {
    expect(() => list({ button: chars(20) })).not.toThrow();
    expectRejected(() => list({ button: chars(21) }), 'button', 'must be at most 20 characters');
    expectRejected(() => list({ button: '' }), 'button');
  });

  it('body 1..1024 (the strict value), header ≤60 text only, footer ≤60', () => {
    expect(() => list({ body: chars(1024), header: chars(60), footer: chars(60) })).not.toThrow();
    expectRejected(() => list({ body: chars(1025) }), 'body', 'must be at most 1024 characters');
    expectRejected(() => list({ header: chars(61) }), 'header');
    expectRejected(() => list({ footer: chars(61) }), 'footer');
    expectRejected(() => list({ header: { type: 'image', id: '1' } as never }), 'header', /text/);
  });

  it('1..10 sections', () => {
    const sections = (n: number): ListSection[] =>
      Array.from({ length: n }, (_, i) => ({ title: `S${i}`, rows: [{ id: `r${i}`, title: 'T' }] }));
    expect(() => list({ sections: sections(10) })).not.toThrow();
    expectRejected(() => list({ sections: [] }), 'sections', '1 to 10');
    expect(issuesOf(() => list({ sections: sections(11) })).map((i) => i.field)).toEqual(['sections', 'sections']);
  });

  it('at most 10 rows in total across sections', () => {
    expect(() =>
      list({
        sections: [
          { title: 'A', rows: rows(5, 'a') },
          { title: 'B', rows: rows(5, 'b') },
        ],
      }),
    ).not.toThrow();
    expectRejected(
      () =>
        list({
          sections: [
            { title: 'A', rows: rows(5, 'a') },
            { title: 'B', rows: rows(6, 'b') },
          ],
        }),
      'sections',
      /10 rows in total/,
    );
    expectRejected(() => list({ sections: [{ rows: [] }] }), 'sections[0].rows');
  });

  it('row id 1..200 and unique across sections; title 1..24; description ≤72', () => {
    expect(() => list({ sections: [{ rows: [{ id: chars(200), title: chars(24), description: chars(72) }] }] })).not.toThrow();
    expectRejected(
      () => list({ sections: [{ rows: [{ id: chars(201), title: 'T' }] }] }),
      'sections[0].rows[0].id',
      'must be at most 200 characters',
    );
    expectRejected(
      () => list({ sections: [{ rows: [{ id: 'a', title: chars(25) }] }] }),
      'sections[0].rows[0].title',
      'must be at most 24 characters',
    );
    expectRejected(
      () => list({ sections: [{ rows: [{ id: 'a', title: 'T', description: chars(73) }] }] }),
      'sections[0].rows[0].description',
      'must be at most 72 characters',
    );
    expectRejected(
      () =>
        list({
          sections: [
            { title: 'A', rows: [{ id: 'dup', title: 'T' }] },
            { title: 'B', rows: [{ id: 'dup', title: 'T' }] },
          ],
        }),
      'sections[1].rows[0].id',
      /unique/,
    );
  });

  it('section title ≤24, required when there is more than one section', () => {
    expect(() => list({ sections: [{ title: chars(24), rows: rows(1) }] })).not.toThrow();
    expectRejected(() => list({ sections: [{ title: chars(25), rows: rows(1) }] }), 'sections[0].title', 'must be at most 24 characters');
    expectRejected(
      () => list({ sections: [{ title: 'A', rows: rows(1, 'a') }, { rows: rows(1, 'b') }] }),
      'sections[1].title',
      'is required',
    );
  });
});
