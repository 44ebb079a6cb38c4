import { CustomerBook } from './customers';
import type { WebhookPoster } from './delivery';
import type { LegacyBrazil } from './recipients';
import { FailureScript, HangScript, RateWindows } from './scripts';
import type { MediaInput, NumberConfig, RecordedRequest, SentMessage, StatusDelays, WebhookDelivery } from './types';
import type { TemplateBook } from './templates-state';
import type { UploadedMedia } from './routes-upload';
import type { TemplateInfo } from './validate-template';

export interface StoredMedia extends MediaInput {
  bytes: Buffer;
  sha256Hex: string;
}

/** Everything one fake instance knows and records; shared by its routes. */
export interface FakeState {
  baseUrl: string;
  /** Appends to one of the records, trimming the oldest beyond `recordLimit`. */
  record<T>(list: T[], item: T): void;
  now: () => number;
  delays: StatusDelays;
  strictTemplates: boolean;
  legacyBrazil: LegacyBrazil;
  numbers: Map<string, NumberConfig>;
  templates: TemplateInfo[];
  /** Templates of each WABA as the Business Management API serves them. */
  managed: TemplateBook;
  templateReviewMs: number | undefined;
  media: Map<string, StoredMedia>;
  /** Download URL tokens → media id and issue time (URLs expire after 5 minutes, §3.4). */
  mediaUrls: Map<string, { mediaId: string; issuedAt: number }>;
  requests: RecordedRequest[];
  /** Files Parley uploaded (POST /{phone-number-id}/media). */
  uploads: UploadedMedia[];
  sent: SentMessage[];
  markedRead: Array<{ phoneNumberId: string; messageId: string; at: number }>;
  deliveries: WebhookDelivery[];
  failures: FailureScript;
  hangs: HangScript;
  rates: RateWindows;
  customers: CustomerBook;
  windowEnforced: boolean;
  poster: WebhookPoster;
}

export function newScripts(): Pick<FakeState, 'failures' | 'hangs' | 'rates' | 'customers'> {
  return { failures: new FailureScript(), hangs: new HangScript(), rates: new RateWindows(), customers: new CustomerBook() };
}

/** The registered template matching a send: exact language first, then a language-less registration. */
export function findTemplate(state: FakeState, name: string, language: string): TemplateInfo | undefined {
  const candidates = state.templates.filter((t) => t.name === name);
  return candidates.find((t) => t.language === language) ?? candidates.find((t) => t.language === undefined);
}

/**
 * Appends with a bounded size. Trimming happens in batches (10 % over the limit) so a full record costs
 * one splice per many pushes, not one per push.
 */
export function boundedPush(limit: number): <T>(list: T[], item: T) => void {
  const slack = Math.max(16, Math.floor(limit / 10));
  return (list, item) => {
    list.push(item);
    if (list.length > limit + slack) list.splice(0, list.length - limit);
  };
}
