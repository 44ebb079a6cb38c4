import { describe, expect, it } from 'vitest';
import type { TemplateContent } from '@parley/contracts';
import { fillText, renderTemplate, templateSlots, variablesIn } from './variables';

const order: TemplateContent = {
  header: { format: 'text', text: 'Order {{1}}', example: '#1' },
  body: { text: 'Hi {{1}}, order {{2}} ships {{3}}. Thanks {{1}}!', examples: ['Ana', '#1', 'today'] },
  footer: 'Reply STOP to opt out',
  buttons: [
    { type: 'quick_reply', text: 'Track' },
    { type: 'url', text: 'View', url: 'https://ex.com/o/{{1}}' },
    { type: 'url', text: 'Help', url: 'https://ex.com/help' },
  ],
};

describe('template variables', () => {
  it('finds positional variables in order, tolerating spaces inside the braces', () => {
    expect(variablesIn('{{2}} and {{ 1 }} and {{x}}')).toEqual([2, 1]);
  });

  it('counts distinct body variables, the header variable and the URL buttons that take one, by their index', () => {
    expect(templateSlots(order)).toEqual({ body: 3, header: true, urlButtons: [1] });
    expect(templateSlots({ body: { text: 'No variables', examples: [] }, buttons: [] })).toEqual({
      body: 0,
      header: false,
      urlButtons: [],
    });
  });

  it('fills values and leaves a missing one visible as its placeholder', () => {
    expect(fillText('Hi {{1}}, {{2}}', ['Ana'])).toBe('Hi Ana, {{2}}');
  });

  it('renders the message as the customer reads it', () => {
    const r = renderTemplate(order, { body: ['Ana', '#42', 'Monday'], header: '#42', urlButtons: { '1': '42' } });
    expect(r.header).toEqual({ format: 'text', text: 'Order #42' });
    expect(r.body).toBe('Hi Ana, order #42 ships Monday. Thanks Ana!');
    expect(r.buttons[1]).toMatchObject({ url: 'https://ex.com/o/42' });
    expect(r.buttons[2]).toMatchObject({ url: 'https://ex.com/help' });
  });
});
