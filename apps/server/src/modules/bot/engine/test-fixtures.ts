// A small but complete personality for the engine's tests.
import { botConfigSchema, type BotConfig, type BotConfigInput } from './config';
import type { BotInput, ChannelCapabilities } from './types';

export const SALES = '0b7c6a2e-3f4d-4e5a-8b9c-1d2e3f4a5b6c';
export const SUPPORT = '1c8d7b3f-4a5e-4f6b-9cad-2e3f4a5b6c7d';
export const BILLING = '2d9e8c4a-5b6f-4a7c-8dbe-3f4a5b6c7d8e';
export const RETURNS = '3eaf9d5b-6c7a-4b8d-9ecf-4a5b6c7d8e9f';
export const PARTNERS = '4fb0ae6c-7d8b-4c9e-8fd0-5b6c7d8e9fa0';

export const WHATSAPP: ChannelCapabilities = { buttons: true, lists: true };
export const PLAIN: ChannelCapabilities = { buttons: false, lists: false };

/** Monday 2 March 2026, 10:00 in Rome (CET, UTC+1). */
export const MONDAY_MORNING = new Date('2026-03-02T09:00:00Z');

export function personality(overrides: Partial<BotConfigInput> = {}): BotConfig {
  return botConfigSchema.parse({
    greeting: 'Hi! Welcome to Acme.',
    menu: {
      prompt: 'How can we help?',
      options: [
        { id: 'sales', label: 'Sales', skillsetId: SALES, keywords: ['buy', 'quote'] },
        { id: 'support', label: 'Support', skillsetId: SUPPORT, keywords: ['broken', 'not working'] },
      ],
    },
    faq: [
      {
        id: 'hours',
        question: 'What are your opening hours?',
        keywords: ['opening times'],
        phrases: ['when are you open'],
        answer: 'We are open Monday to Friday, 9:00–18:00.',
      },
      {
        id: 'shipping',
        question: 'What does shipping cost?',
        keywords: ['shipping', 'delivery'],
        phrases: ['how much is delivery'],
        answer: 'Shipping is free above €50, otherwise €4.90.',
        goal: 'shipping_info',
      },
      {
        id: 'returns',
        question: 'How do I return an item?',
        keywords: ['refund'],
        phrases: ['return policy'],
        answer: 'You can return any item within 30 days.',
      },
    ],
    questions: [
      {
        id: 'email',
        attributeKey: 'email',
        prompt: 'What is your email address?',
        type: 'email',
        retryPrompt: 'That is not an email address.',
        goal: 'lead',
      },
      { id: 'size', attributeKey: 'size', prompt: 'Which size?', type: 'list', options: ['Small', 'Medium', 'Large'] },
      { id: 'colour', attributeKey: 'colour', prompt: 'Which colour?', type: 'list', options: ['Red', 'Green', 'Blue', 'Black', 'White'] },
      { id: 'age', attributeKey: 'age', prompt: 'How old are you?', type: 'number' },
    ],
    goals: ['shipping_info', 'lead'],
    ...overrides,
  });
}

export function message(text: string, extra: Partial<BotInput> = {}): BotInput {
  return { text, channelCapabilities: WHATSAPP, isNewConversation: false, ...extra };
}
