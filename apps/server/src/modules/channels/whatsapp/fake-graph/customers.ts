import type { InboundCustomer } from './inbound-webhook';

/** 24 h customer-service window (§6.1): measured from the customer's last inbound message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

interface Known {
  waId?: string;
  userId?: string;
  name?: string;
  lastWroteAt?: number;
}

/**
 * What the fake knows about the customers of each number: when they last wrote (window enforcement,
 * pricing) and their name/BSUID (the `contacts` of status webhooks). Keyed by wa_id and by BSUID alike.
 */
export class CustomerBook {
  private readonly byNumber = new Map<string, Map<string, Known>>();

  private book(numberId: string): Map<string, Known> {
    let b = this.byNumber.get(numberId);
    if (!b) this.byNumber.set(numberId, (b = new Map()));
    return b;
  }

  /** Records a customer's identity and that they wrote at `at` (epoch ms). */
  wrote(numberId: string, customer: Partial<InboundCustomer>, at: number): void {
    const book = this.book(numberId);
    const existing = (customer.waId && book.get(customer.waId)) || (customer.userId && book.get(customer.userId)) || undefined;
    const known: Known = existing ?? {};
    if (customer.waId) known.waId = customer.waId;
    if (customer.userId) known.userId = customer.userId;
    if (customer.name !== undefined) known.name = customer.name;
    known.lastWroteAt = Math.max(known.lastWroteAt ?? -Infinity, at);
    if (known.waId) book.set(known.waId, known);
    if (known.userId) book.set(known.userId, known);
  }

  lookup(numberId: string, key: string): Known | undefined {
    return this.byNumber.get(numberId)?.get(key);
  }

  windowOpen(numberId: string, key: string, now: number): boolean {
    const last = this.lookup(numberId, key)?.lastWroteAt;
    return last !== undefined && now - last < WINDOW_MS;
  }

  clear(): void {
    this.byNumber.clear();
  }
}
