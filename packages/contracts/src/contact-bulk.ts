import { z } from 'zod';
import { attributeKey, attributeValue, contactSelection } from './contacts';

// Bulk actions on contacts (PRODUCT §2): on a selection of ids or on "all N matching" the list's q / filter /
// segment. Small sets run at once; large ones run as a job whose progress GET /bulk-actions/:id reports.

/** Sets up to this size are done inside the request; larger ones run as a job in batches. */
export const BULK_INLINE_LIMIT = 1000;
export const MAX_BULK_IDS = 10_000;

const tag = z.string().trim().min(1, { message: 'must not be empty' }).max(60, { message: 'must be at most 60 characters' });

export const bulkOperation = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('create_segment'),
        name: z.string().trim().min(1, { message: 'must not be empty' }).max(80, { message: 'must be at most 80 characters' }),
        description: z.string().trim().max(500, { message: 'must be at most 500 characters' }).optional(),
      })
      .strict(),
    z.object({ type: z.literal('activate') }).strict(),
    z.object({ type: z.literal('archive') }).strict(),
    z.object({ type: z.literal('delete') }).strict(),
    z.object({ type: z.literal('add_tag'), tag }).strict(),
    z.object({ type: z.literal('remove_tag'), tag }).strict(),
    /** value null clears the attribute. */
    z.object({ type: z.literal('set_attribute'), key: attributeKey, value: attributeValue.nullable() }).strict(),
  ],
  { message: 'type must be one of: create_segment, activate, archive, delete, add_tag, remove_tag, set_attribute' },
);
export type BulkOperation = z.infer<typeof bulkOperation>;
export type BulkOperationType = BulkOperation['type'];

export const bulkActionRequest = z
  .object({
    operation: bulkOperation,
    /** The contacts: these ids… */
    contactIds: z
      .array(z.uuid())
      .min(1)
      .max(MAX_BULK_IDS, { message: `at most ${MAX_BULK_IDS.toLocaleString('en')} ids` })
      .optional(),
    /** …or every contact matching this selection when the action starts ("all N matching"). */
    allMatching: contactSelection.optional(),
  })
  .strict()
  .refine((v) => (v.contactIds === undefined) !== (v.allMatching === undefined), {
    message: 'give either contactIds or allMatching',
    path: ['contactIds'],
  });
export type BulkActionRequest = z.infer<typeof bulkActionRequest>;

export const bulkActionStatuses = ['queued', 'running', 'done', 'failed'] as const;

export const bulkActionView = z.object({
  id: z.uuid(),
  operation: bulkOperation,
  /** queued: waiting for a worker; running: batches being applied; done; failed: stopped (see error). */
  status: z.enum(bulkActionStatuses),
  /** Whether it ran inside the request (small sets) or as a job. */
  mode: z.enum(['inline', 'job']),
  /** Contacts it applies to (for a job, known once its contacts are collected; null before). */
  total: z.number().nullable(),
  done: z.number(),
  failed: z.number(),
  /** Up to 20 contacts it could not be applied to, and why. */
  failures: z.array(z.object({ contactId: z.uuid(), reason: z.string() })),
  error: z.string().nullable(),
  /** The static segment a create_segment made. */
  segmentId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type BulkActionView = z.infer<typeof bulkActionView>;
