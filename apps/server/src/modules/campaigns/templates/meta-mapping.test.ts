import type { TemplateContent } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { fromGraphTemplate, statusFromMeta, toGraphComponents } from './meta-mapping';

const content: TemplateContent = {
  header: { format: 'text', text: 'Order {{1}}', example: '#4821' },
  body: { text: 'Hi {{1}}, order {{2}}.', examples: ['Priya', '#4821'] },
  footer: 'Bye',
  buttons: [
    { type: 'quick_reply', text: 'Track' },
    { type: 'url', text: 'View', url: 'https://ex.com/o/{{1}}', example: 'https://ex.com/o/4821' },
    { type: 'url', text: 'Home', url: 'https://ex.com' },
    { type: 'phone_number', text: 'Call', phoneNumber: '+15550100' },
  ],
};

describe('Meta’s template JSON ↔ ours', () => {
  it('what we submit reads back as the same content', () => {
    const back = fromGraphTemplate({
      id: '1',
      name: 'n',
      language: 'en',
      status: 'APPROVED',
      category: 'UTILITY',
      components: toGraphComponents(content),
    });
    expect(back).toEqual({
      name: 'n',
      language: 'en',
      providerTemplateId: '1',
      category: 'utility',
      status: 'approved',
      statusReason: null,
      content,
    });
  });

  it('media and location headers carry Meta’s handle or nothing', () => {
    const image = toGraphComponents({ header: { format: 'document', exampleUrl: '4::h' }, body: { text: 'x', examples: [] }, buttons: [] });
    expect(image[0]).toEqual({ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::h'] } });
    const location = toGraphComponents({ header: { format: 'location' }, body: { text: 'x', examples: [] }, buttons: [] });
    expect(location[0]).toEqual({ type: 'HEADER', format: 'LOCATION' });
  });

  it('statuses are lower-cased; an unknown one is unsendable and explained', () => {
    expect(statusFromMeta('PENDING_DELETION')).toEqual({ status: 'pending_deletion', reason: null });
    expect(statusFromMeta('SOMETHING_NEW')).toEqual({
      status: 'paused',
      reason: 'Meta reported the status SOMETHING_NEW, which Parley does not know',
    });
  });

  it('an unknown category, a carousel or a missing body make the template unsendable, never guessed', () => {
    const t = fromGraphTemplate({
      id: '2',
      name: 'c',
      language: 'en',
      status: 'APPROVED',
      category: 'TRANSACTIONAL',
      components: [{ type: 'CAROUSEL' }],
    });
    expect(t.category).toBe('marketing');
    expect(t.content.unsupported).toBe('Parley cannot send templates with a CAROUSEL component, no body, the category TRANSACTIONAL yet');
  });
});
