import { describe, expect, it } from 'vitest';
import { isStatusAdvance, statusRank } from './inbound-status';

describe('statusRank', () => {
  it('orders queued < sent < delivered < read < played < failed', () => {
    const order = ['queued', 'sent', 'delivered', 'read', 'played', 'failed'].map(statusRank);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('unknown statuses rank -1 and never advance', () => {
    expect(statusRank('deleted')).toBe(-1);
    expect(statusRank('constructor')).toBe(-1);
    expect(isStatusAdvance('sent', 'deleted')).toBe(false);
  });

  it('moves forward only, and failed is terminal', () => {
    expect(isStatusAdvance(null, 'sent')).toBe(true);
    expect(isStatusAdvance('sent', 'read')).toBe(true); // read may come with no delivered
    expect(isStatusAdvance('read', 'delivered')).toBe(false); // reordered delivery
    expect(isStatusAdvance('read', 'read')).toBe(false);
    expect(isStatusAdvance('sent', 'failed')).toBe(true);
    expect(isStatusAdvance('failed', 'sent')).toBe(false);
    expect(isStatusAdvance('failed', 'read')).toBe(false);
  });
});
