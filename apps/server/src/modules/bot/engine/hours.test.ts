import { describe, expect, it } from 'vitest';
import { botConfigSchema, type BusinessHours } from './config';
import { formatLocal, isWithinBusinessHours, localTime } from './hours';

function hours(input: Record<string, unknown>): BusinessHours {
  return botConfigSchema.parse({ businessHours: input }).businessHours!;
}

describe('localTime', () => {
  it('gives the date, weekday and minutes in the zone', () => {
    // 23:30 UTC on Sunday 1 March 2026 is already Monday 00:30 in Rome and still Sunday 18:30 in New York.
    const at = new Date('2026-03-01T23:30:00Z');
    expect(localTime('Europe/Rome', at)).toEqual({ date: '2026-03-02', weekday: 'mon', minutes: 30 });
    expect(localTime('America/New_York', at)).toEqual({ date: '2026-03-01', weekday: 'sun', minutes: 18 * 60 + 30 });
  });

  it('reads midnight as 0, not 24', () => {
    expect(localTime('UTC', new Date('2026-03-02T00:00:00Z')).minutes).toBe(0);
  });
});

describe('isWithinBusinessHours', () => {
  const rome = hours({ timezone: 'Europe/Rome' }); // default: Monday to Friday 09:00–18:00

  it('is open from the start of a range and closed at its end', () => {
    expect(isWithinBusinessHours(rome, new Date('2026-03-02T07:59:00Z'))).toBe(false); // Mon 08:59 CET
    expect(isWithinBusinessHours(rome, new Date('2026-03-02T08:00:00Z'))).toBe(true); // Mon 09:00
    expect(isWithinBusinessHours(rome, new Date('2026-03-02T16:59:00Z'))).toBe(true); // Mon 17:59
    expect(isWithinBusinessHours(rome, new Date('2026-03-02T17:00:00Z'))).toBe(false); // Mon 18:00
    expect(isWithinBusinessHours(rome, new Date('2026-03-07T10:00:00Z'))).toBe(false); // Saturday
  });

  it('follows the spring DST change: 09:00 is 08:00 UTC before it and 07:00 UTC after', () => {
    // Europe/Rome moves to CEST (UTC+2) on Sunday 29 March 2026.
    expect(isWithinBusinessHours(rome, new Date('2026-03-27T07:30:00Z'))).toBe(false); // Fri 08:30 CET
    expect(isWithinBusinessHours(rome, new Date('2026-03-30T07:30:00Z'))).toBe(true); // Mon 09:30 CEST
    expect(isWithinBusinessHours(rome, new Date('2026-03-30T16:30:00Z'))).toBe(false); // Mon 18:30 CEST
    expect(isWithinBusinessHours(rome, new Date('2026-03-27T16:30:00Z'))).toBe(true); // Fri 17:30 CET
  });

  it('follows the autumn DST change, and in the other hemisphere', () => {
    // Back to CET on Sunday 25 October 2026.
    expect(isWithinBusinessHours(rome, new Date('2026-10-23T07:30:00Z'))).toBe(true); // Fri 09:30 CEST
    expect(isWithinBusinessHours(rome, new Date('2026-10-26T07:30:00Z'))).toBe(false); // Mon 08:30 CET
    // Sydney leaves daylight time (UTC+11 → +10) on Sunday 5 April 2026.
    const sydney = hours({ timezone: 'Australia/Sydney' });
    expect(isWithinBusinessHours(sydney, new Date('2026-04-02T22:30:00Z'))).toBe(true); // Fri 3 Apr 09:30 AEDT
    expect(isWithinBusinessHours(sydney, new Date('2026-04-05T22:30:00Z'))).toBe(false); // Mon 6 Apr 08:30 AEST
  });

  it('is closed all day on a closed date, reckoned in the zone', () => {
    const christmas = hours({
      timezone: 'America/New_York',
      weekly: { fri: [{ from: '00:00', to: '24:00' }] },
      closedDates: ['2026-12-25'],
    });
    // Friday 25 December 2026: 03:00 UTC is still Thursday 24th in New York (not open on Thursdays).
    expect(isWithinBusinessHours(christmas, new Date('2026-12-25T03:00:00Z'))).toBe(false);
    expect(isWithinBusinessHours(christmas, new Date('2026-12-25T15:00:00Z'))).toBe(false); // Fri 25th, 10:00 local
    // Friday 1 January 2027 is not a closed date: open round the clock, 24:00 included as the end.
    expect(isWithinBusinessHours(christmas, new Date('2027-01-01T15:00:00Z'))).toBe(true);
    expect(isWithinBusinessHours(christmas, new Date('2027-01-02T04:59:00Z'))).toBe(true); // Fri 23:59 local
  });

  it('takes several ranges a day (a lunch break)', () => {
    const split = hours({
      timezone: 'Europe/Rome',
      weekly: {
        mon: [
          { from: '14:00', to: '18:00' },
          { from: '09:00', to: '13:00' },
        ],
      },
    });
    expect(isWithinBusinessHours(split, new Date('2026-03-02T11:30:00Z'))).toBe(true); // 12:30 CET
    expect(isWithinBusinessHours(split, new Date('2026-03-02T12:30:00Z'))).toBe(false); // 13:30, lunch
    expect(isWithinBusinessHours(split, new Date('2026-03-02T13:30:00Z'))).toBe(true); // 14:30
  });

  it('throws for an unknown time zone (checkBotConfig keeps them out)', () => {
    expect(() => isWithinBusinessHours({ ...rome, timezone: 'Mars/Olympus' }, new Date())).toThrow(RangeError);
  });
});

describe('localTime (cached per quarter-hour) agrees with Intl minute by minute', () => {
  it.each([
    ['Europe/Rome', '2026-03-28T22:00:00Z'], // spring forward at 01:00 UTC
    ['Europe/Rome', '2026-10-24T22:00:00Z'], // fall back at 01:00 UTC
    ['America/New_York', '2026-03-08T04:00:00Z'],
    ['Asia/Kathmandu', '2026-03-01T17:00:00Z'], // UTC+05:45: local midnight at 18:15 UTC
    ['Australia/Lord_Howe', '2026-04-04T13:00:00Z'], // a 30-minute DST shift
  ])('%s from %s for 6 hours', (zone, from) => {
    const start = new Date(from).getTime();
    for (let m = 0; m < 6 * 60; m++) {
      const at = new Date(start + m * 60_000 + 17_000);
      expect(localTime(zone, at)).toEqual(formatLocal(zone, at));
    }
  });
});
