import { z } from 'zod';

/** The simulator plays a WhatsApp customer of the demo workspace over the real webhook path. */
export const simulatorChannel = z.object({ channelId: z.uuid(), displayPhoneNumber: z.string() });

export const simulatorCustomer = z.object({
  waId: z.string().regex(/^\d{8,15}$/, { message: 'must be 8 to 15 digits (country code first)' }),
  name: z.string().trim().min(1).max(60),
});

export const simulatorSendRequest = z
  .object({
    customer: simulatorCustomer,
    text: z.string().min(1).max(4096),
    /** Arrive from a click-to-WhatsApp ad (only meaningful on the first message). */
    referral: z
      .object({
        headline: z.string().max(200),
        body: z.string().max(500).optional(),
        sourceUrl: z.url().optional(),
        sourceId: z.string().max(64).optional(),
      })
      .optional(),
  })
  .strict();
export type SimulatorSendRequest = z.infer<typeof simulatorSendRequest>;

export const simulatorSendResult = z.object({ wamid: z.string(), webhookStatus: z.number() });

/** What Parley sent to this customer through the fake Graph API, with the statuses it reported back. */
export const simulatorOutboxItem = z.object({
  wamid: z.string(),
  type: z.string(),
  text: z.string(),
  at: z.iso.datetime(),
  status: z.enum(['accepted', 'sent', 'delivered', 'read', 'failed']),
});
export const simulatorOutbox = z.object({ items: z.array(simulatorOutboxItem) });
export const simulatorOutboxQuery = z.object({ waId: z.string().regex(/^\d{8,15}$/) });
