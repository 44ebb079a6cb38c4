// Merging two contacts, GDPR requests (export / erase) and the workspace's retention policy.
import { z } from 'zod';
import { attributeKey } from './contacts';

/** Standard fields a merge may take from either contact (the rest is combined: tags, statistics, identities…). */
export const mergeFields = [
  'firstName',
  'lastName',
  'channelName',
  'email',
  'phone',
  'gender',
  'language',
  'timezone',
  'location',
  'country',
  'device',
  'status',
  'source',
] as const;
export type MergeField = (typeof mergeFields)[number];

/** `this`: the contact merged into (it survives); `other`: the one merged away. */
export const mergeSide = z.enum(['this', 'other']);
export type MergeSide = z.infer<typeof mergeSide>;

export const mergeContactsRequest = z
  .object({
    otherId: z.uuid({ message: 'must be a UUID' }),
    /** Which contact's value wins where both have one; by default this contact's (the other's fills its gaps). */
    winners: z
      .object({
        fields: z.partialRecord(z.enum(mergeFields), mergeSide).optional(),
        attributes: z.record(attributeKey, mergeSide).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type MergeContactsRequest = z.infer<typeof mergeContactsRequest>;

export const privacyRequestKinds = ['export', 'erase'] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];
export const privacyRequestStatuses = ['pending', 'completed', 'cancelled'] as const;
export type PrivacyRequestStatus = (typeof privacyRequestStatuses)[number];

export const createPrivacyRequest = z.object({ kind: z.enum(privacyRequestKinds) }).strict();

const actor = z.object({
  type: z.enum(['user', 'api_token', 'system']),
  id: z.uuid().nullable(),
  /** The staff member's name (null for API tokens and the system). */
  name: z.string().nullable(),
});

export const privacyRequestView = z.object({
  id: z.uuid(),
  kind: z.enum(privacyRequestKinds),
  status: z.enum(privacyRequestStatuses),
  contactId: z.uuid(),
  /** The contact's name as it is now; null once erased (or merged away). */
  contactName: z.string().nullable(),
  requestedBy: actor,
  requestedAt: z.iso.datetime(),
  executedBy: actor.nullable(),
  executedAt: z.iso.datetime().nullable(),
  /** Why a request was closed without being carried out: cancelled by staff, contact erased or merged. */
  closedReason: z.string().nullable(),
  /** Exports: the archive can be downloaded until then. */
  downloadUntil: z.iso.datetime().nullable(),
  /** Erasures: how many rows of each kind were erased or anonymised (counts only, no personal data). */
  outcome: z.record(z.string(), z.number()).nullable(),
});
export type PrivacyRequestView = z.infer<typeof privacyRequestView>;

export const privacyRequestListQuery = z
  .object({
    status: z.enum(privacyRequestStatuses).optional(),
    contactId: z.uuid({ message: 'must be a UUID' }).optional(),
  })
  .strict();
export const privacyRequestList = z.object({ items: z.array(privacyRequestView) });

const days = z
  .number()
  .int({ message: 'must be a whole number of days' })
  .min(1, { message: 'must be at least 1 day' })
  .max(36_500, { message: 'must be at most 36500 days' })
  .nullable();

/** Null turns a rule off. */
export const retentionPolicy = z
  .object({
    /** Erase messages (and their media and raw provider events) older than this. */
    messagesDays: days,
    /** Erase contacts with no message either way, and not created, for longer than this. */
    inactiveContactsDays: days,
  })
  .strict();
export type RetentionPolicy = z.infer<typeof retentionPolicy>;

export const retentionPolicyView = retentionPolicy.extend({
  lastRunAt: z.iso.datetime().nullable(),
  /** What the last daily run erased, by kind. */
  lastRun: z.record(z.string(), z.number()).nullable(),
});
export type RetentionPolicyView = z.infer<typeof retentionPolicyView>;
