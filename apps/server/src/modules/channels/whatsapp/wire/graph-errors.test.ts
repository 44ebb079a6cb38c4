import { describe, expect, it } from 'vitest';
import { classifyGraphError, retryable, type GraphErrorClass } from './graph-errors';

// Every code of reference §6.4, with the class it must get.
const TABLE: [number, GraphErrorClass][] = [
  [0, 'auth'],
  [190, 'auth'],
  [3, 'auth'],
  [10, 'auth'],
  [200, 'auth'],
  [250, 'auth'],
  [299, 'auth'],
  [4, 'transient'],
  [80007, 'transient'],
  [130429, 'throughput_limit'],
  [131056, 'pair_limit'],
  [131048, 'definitive'],
  [131057, 'throughput_limit'],
  [131064, 'definitive'],
  [368, 'definitive'],
  [131031, 'definitive'],
  [130497, 'definitive'],
  [130472, 'definitive'],
  [131026, 'definitive'],
  [131047, 'window_closed'],
  [131049, 'definitive'],
  [131050, 'definitive'],
  [131051, 'definitive'],
  [131052, 'definitive'],
  [131053, 'definitive'],
  [131008, 'definitive'],
  [131009, 'definitive'],
  [131000, 'transient'],
  [131016, 'transient'],
  [1, 'transient'],
  [2, 'transient'],
  [131021, 'definitive'],
  [131042, 'definitive'],
  [131062, 'definitive'],
  [131063, 'definitive'],
  [132000, 'definitive'],
  [132001, 'definitive'],
  [132005, 'definitive'],
  [132007, 'definitive'],
  [132008, 'definitive'],
  [132012, 'definitive'],
  [132015, 'definitive'],
  [132016, 'definitive'],
  [132068, 'definitive'],
  [132069, 'definitive'],
  [133016, 'definitive'],
  [137000, 'definitive'],
  [999999, 'definitive'],
];

describe('classifyGraphError', () => {
  it.each(TABLE)('code %i → %s', (code, expected) => {
    expect(classifyGraphError(code, 400)).toBe(expected);
    expect(classifyGraphError(code)).toBe(expected);
  });

  it('the code wins over the HTTP status', () => {
    expect(classifyGraphError(131047, 500)).toBe('window_closed');
    expect(classifyGraphError(131026, 503)).toBe('definitive');
    expect(classifyGraphError(132000, 500)).toBe('definitive');
    expect(classifyGraphError(190, 400)).toBe('auth');
  });

  it('without a known code: HTTP 5xx, network errors and timeouts are transient', () => {
    expect(classifyGraphError(null, 500)).toBe('transient');
    expect(classifyGraphError(null, 503)).toBe('transient');
    expect(classifyGraphError(424242, 502)).toBe('transient');
    expect(classifyGraphError(null)).toBe('transient');
    expect(classifyGraphError(undefined, null)).toBe('transient');
  });

  it('without a code: 401/403 auth, 429 throughput, other 4xx definitive', () => {
    expect(classifyGraphError(null, 401)).toBe('auth');
    expect(classifyGraphError(null, 403)).toBe('auth');
    expect(classifyGraphError(null, 429)).toBe('throughput_limit');
    expect(classifyGraphError(null, 404)).toBe('definitive');
  });
});

describe('retryable', () => {
  it.each([
    ['transient', true],
    ['throughput_limit', true],
    ['pair_limit', true],
    ['window_closed', false],
    ['auth', false],
    ['definitive', false],
  ] as const)('%s → %s', (c, expected) => {
    expect(retryable(c)).toBe(expected);
  });
});
