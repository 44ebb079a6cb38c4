import { z } from 'zod';

// Outbound campaigns: the shared vocabulary of the wizard (drafts, audience, variables) and of sending/history.

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'paused', 'done', 'done_with_failures', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const campaignModes = ['immediate', 'scheduled'] as const;
export type CampaignMode = (typeof campaignModes)[number];

export const audienceSources = ['file', 'customers', 'segment'] as const;
export type AudienceSource = (typeof audienceSources)[number];

/** One recipient's journey: pending → sending → sent → delivered → read, or failed (code, reason), or skipped. */
export const recipientStatuses = ['pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

/** Where one template variable's value comes from, per recipient. */
export const variableSourceSchema = z.discriminatedUnion('kind', [
  /** A column of the uploaded file, by its header. */
  z.object({ kind: z.literal('column'), column: z.string().min(1) }),
  /** A standard contact field (firstName, lastName, name, phone, email, country…). */
  z.object({ kind: z.literal('field'), field: z.string().min(1) }),
  /** A custom attribute, by key. */
  z.object({ kind: z.literal('attribute'), key: z.string().min(1) }),
  /** The same text for everyone. */
  z.object({ kind: z.literal('fixed'), text: z.string() }),
  /** One of the predefined samples (the template's own example value, today's date…), by id. */
  z.object({ kind: z.literal('sample'), sample: z.string().min(1) }),
]);
export type VariableSource = z.infer<typeof variableSourceSchema>;

/** How each of a template's variables is filled: body `{{1}}`…`{{n}}` in order, the header's, and URL buttons' by index. */
export const campaignVariablesSchema = z.object({
  body: z.array(variableSourceSchema).default([]),
  header: variableSourceSchema.optional(),
  /** Key: the button's index among all the template's buttons ("0"…"9"). */
  urlButtons: z.record(z.string(), variableSourceSchema).default({}),
});
export type CampaignVariables = z.infer<typeof campaignVariablesSchema>;
