import { z } from 'zod';
import { audienceSources, campaignModes, campaignStatuses, campaignVariablesSchema } from './campaigns';
import { contactSelection } from './contacts';
import { templateCategories, templateContentSchema, templateStatuses } from './templates';

// The campaign wizard's API (seed 004): a draft saved step by step, its audience, variables, preview, validation
// into Messages and Rejected, and confirm. docs/campaigns.md describes each endpoint and rejection reason.

const uuid = z.uuid({ message: 'must be a UUID' });
const campaignName = z.string().trim().min(1, { message: 'must not be empty' }).max(120, { message: 'must be at most 120 characters' });

/** A wall-clock date and time without a zone, as a date-time picker gives it: "2026-05-01T09:30". */
export const campaignLocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: 'must be a local date and time like 2026-05-01T09:30' });

/**
 * Payloads for the template's own quick-reply buttons (at most 3 are offered in the wizard), addressed by the
 * button's index among all the template's buttons: the payload comes back when the customer taps it.
 */
export const campaignInteractiveSchema = z
  .object({
    quickReplies: z
      .array(
        z
          .object({
            index: z.number().int().min(0).max(9),
            payload: z.string().trim().min(1, { message: 'must not be empty' }).max(256, { message: 'must be at most 256 characters' }),
          })
          .strict(),
      )
      .max(3, { message: 'at most 3 quick replies' }),
  })
  .strict();
export type CampaignInteractive = z.infer<typeof campaignInteractiveSchema>;

export const createCampaignRequest = z.object({ name: campaignName, channelId: uuid.optional(), templateId: uuid.optional() }).strict();
export type CreateCampaignRequest = z.infer<typeof createCampaignRequest>;

/** Any step's fields; each one given is checked and saved, all or none. `null` clears a choice. */
export const updateCampaignRequest = z
  .object({
    name: campaignName.optional(),
    channelId: uuid.nullable().optional(),
    templateId: uuid.nullable().optional(),
    mode: z.enum(campaignModes).optional(),
    /** Scheduled mode: when, in `timezone` (default: the admin's own time zone). */
    scheduledAt: campaignLocalDateTime.nullable().optional(),
    timezone: z.string().min(1).max(64).optional(),
    includeActive: z.boolean().optional(),
    variables: campaignVariablesSchema.optional(),
    interactive: campaignInteractiveSchema.nullable().optional(),
  })
  .strict();
export type UpdateCampaignRequest = z.infer<typeof updateCampaignRequest>;

export const campaignContactFields = [
  'firstName',
  'lastName',
  'name',
  'phone',
  'email',
  'country',
  'language',
  'gender',
  'location',
] as const;
export type CampaignContactField = (typeof campaignContactFields)[number];

/** Predefined values a variable may take: the template's own example, today's date. */
export const campaignVariableSamples = ['example', 'today'] as const;

export const campaignDraft = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(campaignStatuses),
  channelId: z.uuid().nullable(),
  templateId: z.uuid().nullable(),
  mode: z.enum(campaignModes),
  /** UTC instant, and the same as picked: local date-time in its zone. */
  scheduledAt: z.string().nullable(),
  schedule: z.object({ localDateTime: z.string(), timezone: z.string() }).nullable(),
  includeActive: z.boolean(),
  variables: campaignVariablesSchema.nullable(),
  interactive: campaignInteractiveSchema.nullable(),
  retargetOf: z.uuid().nullable(),
  audience: z.object({
    source: z.enum(audienceSources).nullable(),
    segmentId: z.uuid().nullable(),
    file: z
      .object({ fileName: z.string(), columns: z.array(z.string()), phoneColumn: z.string(), nameColumn: z.string().optional() })
      .nullable(),
    /** Rows still in the audience (deleted numbers excluded). */
    rows: z.number().int(),
  }),
  template: z
    .object({
      id: z.uuid(),
      name: z.string(),
      language: z.string(),
      category: z.enum(templateCategories),
      status: z.enum(templateStatuses),
      content: templateContentSchema,
      /** What it asks for: body values, a header value, URL buttons (by index) with a variable. */
      slots: z.object({ body: z.number().int(), header: z.boolean(), urlButtons: z.array(z.number().int()) }),
    })
    .nullable(),
  /** The workspace's WhatsApp numbers, and the templates the chosen one can send. */
  channels: z.array(z.object({ id: z.uuid(), name: z.string(), displayPhoneNumber: z.string() })),
  templates: z.array(z.object({ id: z.uuid(), name: z.string(), language: z.string(), category: z.enum(templateCategories) })),
  fields: z.array(z.enum(campaignContactFields)),
  attributes: z.array(z.object({ key: z.string(), label: z.string() })),
  samples: z.array(z.object({ id: z.enum(campaignVariableSamples), label: z.string() })),
  /** The last validation's counts; null when never validated or changed since. */
  validation: z.object({ at: z.string(), messages: z.number().int(), rejected: z.number().int() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CampaignDraft = z.infer<typeof campaignDraft>;

export const campaignAudienceUploadQuery = z
  .object({
    fileName: z.string().trim().min(1).max(255).optional(),
    /** The phone column's header, when it cannot be told from the headers. */
    phoneColumn: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const setCustomersAudienceRequest = z
  .object({
    contactIds: z
      .array(uuid)
      .min(1, { message: 'pick at least one customer' })
      .max(10_000, { message: 'at most 10,000 picked customers: use filter for more' })
      .optional(),
    /** "Add all matching": the contacts list's search, filter and segment. */
    filter: contactSelection.optional(),
  })
  .strict()
  .refine((v) => (v.contactIds === undefined) !== (v.filter === undefined), {
    message: 'give either contactIds or filter',
    path: ['contactIds'],
  });
export type SetCustomersAudienceRequest = z.infer<typeof setCustomersAudienceRequest>;

export const setSegmentAudienceRequest = z.object({ segmentId: uuid }).strict();
export const addAudienceContactRequest = z.object({ contactId: uuid }).strict();

export const campaignPageQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce
      .number()
      .int()
      .min(10, { message: 'must be between 10 and 100' })
      .max(100, { message: 'must be between 10 and 100' })
      .default(25),
  })
  .strict();

export const campaignAudienceRow = z.object({
  rowNo: z.number().int(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  contactId: z.uuid().nullable(),
  cells: z.record(z.string(), z.string()).nullable(),
});
export const campaignAudiencePage = z.object({
  items: z.array(campaignAudienceRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CampaignAudiencePage = z.infer<typeof campaignAudiencePage>;

/** Why a row will not be sent. Stable codes; `text` is for people. */
export const campaignRejectionCodes = [
  'invalid_number',
  'not_mobile',
  'scientific_notation',
  'duplicate',
  'opted_out',
  'archived',
  'active_conversation',
  'variable_missing',
  'variable_too_long',
  'variable_format',
  'over_daily_limit',
] as const;
export type CampaignRejectionCode = (typeof campaignRejectionCodes)[number];

export const campaignValidationRow = z.object({
  rowNo: z.number().int(),
  /** As given (file cell or contact phone). */
  phone: z.string().nullable(),
  e164: z.string().nullable(),
  name: z.string().nullable(),
  contactId: z.uuid().nullable(),
  reason: z.object({ code: z.enum(campaignRejectionCodes), text: z.string() }).nullable(),
  /** Messages: the body as the recipient will read it. */
  text: z.string().nullable(),
  values: z
    .object({ body: z.array(z.string()), header: z.string().optional(), urlButtons: z.record(z.string(), z.string()).optional() })
    .nullable(),
});
export type CampaignValidationRow = z.infer<typeof campaignValidationRow>;

export const campaignValidationPage = z.object({
  items: z.array(campaignValidationRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CampaignValidationPage = z.infer<typeof campaignValidationPage>;

export const campaignValidationResult = z.object({
  messages: campaignValidationPage,
  rejected: campaignValidationPage,
  /** Rejections per code. */
  reasons: z.record(z.string(), z.number().int()),
});
export type CampaignValidationResult = z.infer<typeof campaignValidationResult>;

export const campaignPreviewQuery = z.object({ rowNo: z.coerce.number().int().min(1).optional() }).strict();

export const campaignPreview = z.object({
  rowNo: z.number().int().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  values: z.object({ body: z.array(z.string()), header: z.string().optional(), urlButtons: z.record(z.string(), z.string()).optional() }),
  /** Variables with no value for this recipient ("body 2", "header"…); they show as {{n}} in the message. */
  missing: z.array(z.string()),
  message: z.object({
    header: z.unknown().optional(),
    body: z.string(),
    footer: z.string().optional(),
    buttons: z.array(z.unknown()),
  }),
});
export type CampaignPreview = z.infer<typeof campaignPreview>;

export const campaignConfirmResult = z.object({
  id: z.uuid(),
  status: z.enum(campaignStatuses),
  scheduledAt: z.string(),
  recipients: z.number().int(),
  contactsCreated: z.number().int(),
});
export type CampaignConfirmResult = z.infer<typeof campaignConfirmResult>;
