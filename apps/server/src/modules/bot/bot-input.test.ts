import { describe, expect, it } from 'vitest';
import { channelCapabilities } from '../channels';
import { botInput, hearsMessage } from './bot-input';

describe('botInput', () => {
  it('gives each channel kind its capabilities: buttons and lists on WhatsApp and Telegram, numbered text on the widget', () => {
    expect(channelCapabilities('whatsapp')).toEqual({ buttons: true, lists: true });
    expect(channelCapabilities('telegram')).toEqual({ buttons: true, lists: true });
    expect(channelCapabilities('webchat')).toEqual({ buttons: false, lists: false });
    expect(botInput({ type: 'text', text: 'hi', content: {} }, 'webchat', true)).toEqual({
      text: 'hi',
      channelCapabilities: { buttons: false, lists: false },
      isNewConversation: true,
    });
  });

  it('reads a tapped button or row by its id and title, a template quick reply by its payload', () => {
    const tapped = botInput(
      { type: 'interactive', text: 'Sales', content: { type: 'interactive', id: 'menu:sales', title: 'Sales' } },
      'whatsapp',
      false,
    );
    expect(tapped).toMatchObject({ text: 'Sales', interactiveId: 'menu:sales' });
    const quick = botInput(
      { type: 'button', text: 'Yes', content: { type: 'button', payload: 'YES_PLEASE', text: 'Yes' } },
      'whatsapp',
      false,
    );
    expect(quick).toMatchObject({ text: 'Yes', interactiveId: 'YES_PLEASE' });
  });

  it('reads media by its caption only: "[image]" is our summary, not the customer’s words', () => {
    expect(botInput({ type: 'image', text: '[image]', content: { type: 'image' } }, 'whatsapp', false).text).toBe('');
    expect(botInput({ type: 'image', text: 'shipping?', content: { type: 'image', caption: 'shipping?' } }, 'whatsapp', false).text).toBe(
      'shipping?',
    );
    expect(botInput({ type: 'location', text: '📍 Duomo', content: { type: 'location' } }, 'whatsapp', false).text).toBe('');
  });

  it('does not hear reactions and system notices', () => {
    expect(hearsMessage('reaction')).toBe(false);
    expect(hearsMessage('system')).toBe(false);
    expect(hearsMessage('text')).toBe(true);
    expect(hearsMessage('image')).toBe(true);
  });
});
