import { randomInt } from 'node:crypto';
import type { TemplateInfo } from './validate-template';

/** Meta's template statuses (reference §7); PENDING until reviewed. */
export type ManagedStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'PENDING_DELETION'
  | 'DELETED'
  | 'FLAGGED'
  | 'REINSTATED'
  | 'LIMIT_EXCEEDED'
  | 'ARCHIVED'
  | 'UNARCHIVED'
  | 'LOCKED';

/** A template as a WABA holds it in the Business Management API (Meta's JSON, UPPER_CASE types). */
export interface ManagedTemplate {
  /** Digits, as Meta's (the status webhook sends it as a JSON number, so it stays below 2^53). */
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  status: ManagedStatus;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  /** The components exactly as submitted (or seeded). */
  components: Array<Record<string, unknown>>;
  /** NONE unless rejected (INVALID_FORMAT, PROMOTIONAL…). */
  rejectedReason: string;
}

export type SeedTemplateInput = Omit<ManagedTemplate, 'id' | 'wabaId' | 'status' | 'parameterFormat' | 'rejectedReason'> &
  Partial<Pick<ManagedTemplate, 'id' | 'status' | 'parameterFormat' | 'rejectedReason'>>;

/** Every WABA's templates, in creation order (the order the list endpoint pages through). */
export class TemplateBook {
  private readonly list: ManagedTemplate[] = [];

  add(wabaId: string, t: SeedTemplateInput): ManagedTemplate {
    const managed: ManagedTemplate = {
      id: t.id ?? newTemplateId(),
      wabaId,
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status ?? 'PENDING',
      parameterFormat: t.parameterFormat ?? 'POSITIONAL',
      components: t.components,
      rejectedReason: t.rejectedReason ?? 'NONE',
    };
    this.list.push(managed);
    return managed;
  }

  ofWaba(wabaId: string): ManagedTemplate[] {
    return this.list.filter((t) => t.wabaId === wabaId);
  }

  byId(id: string): ManagedTemplate | undefined {
    return this.list.find((t) => t.id === id);
  }

  find(wabaId: string, name: string, language: string): ManagedTemplate | undefined {
    return this.list.find((t) => t.wabaId === wabaId && t.name === name && t.language === language);
  }

  /** Deleted in WhatsApp Manager: gone from the list (every language of that name, as Meta's delete-by-name). */
  remove(wabaId: string, name: string): ManagedTemplate[] {
    const gone = this.list.filter((t) => t.wabaId === wabaId && t.name === name);
    for (const t of gone) this.list.splice(this.list.indexOf(t), 1);
    return gone;
  }
}

function newTemplateId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e5)).padStart(5, '0')}`;
}

/**
 * Keep the send-time registry in step with the management API: an approved template becomes sendable (with its
 * body for the parameter checks), a paused or disabled one answers 132015 / 132016, anything else is unknown.
 */
export function syncRegistry(registry: TemplateInfo[], t: ManagedTemplate): void {
  for (let i = registry.length - 1; i >= 0; i--) {
    const r = registry[i]!;
    if (r.name === t.name && r.language === t.language) registry.splice(i, 1);
  }
  const status = t.status === 'APPROVED' || t.status === 'REINSTATED' || t.status === 'UNARCHIVED' ? 'APPROVED' : t.status;
  if (status !== 'APPROVED' && status !== 'PAUSED' && status !== 'DISABLED') return;
  const body = t.components.find((c) => c.type === 'BODY')?.text;
  registry.unshift({
    name: t.name,
    language: t.language,
    category: t.category.toLowerCase() as TemplateInfo['category'],
    ...(typeof body === 'string' ? { body } : {}),
    status,
  });
}
