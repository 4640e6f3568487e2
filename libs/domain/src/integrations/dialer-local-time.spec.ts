import { readDialerLocalTime } from './dialer-local-time';

describe('readDialerLocalTime', () => {
  it("reads VICIdial's local time in the tenant's zone", () => {
    expect(readDialerLocalTime('2026-11-30 15:30:00', 'Europe/Rome')).toEqual({ kind: 'instant', iso: '2026-11-30T14:30:00Z' });
    expect(readDialerLocalTime('2026-07-01 09:00:00', 'Europe/Rome')).toEqual({ kind: 'instant', iso: '2026-07-01T07:00:00Z' });
    expect(readDialerLocalTime('2026-11-30 15:30:00', 'America/New_York')).toEqual({ kind: 'instant', iso: '2026-11-30T20:30:00Z' });
    expect(readDialerLocalTime('2026-11-30 15:30', 'UTC')).toEqual({ kind: 'instant', iso: '2026-11-30T15:30:00Z' });
  });

  it('moves a time skipped by the spring change forward, reads a doubled one as the later (standard time)', () => {
    // 2026-03-29 02:30 does not exist in Rome (02:00 → 03:00).
    expect(readDialerLocalTime('2026-03-29 02:30:00', 'Europe/Rome')).toEqual({ kind: 'instant', iso: '2026-03-29T01:30:00Z' });
    // 2026-10-25 02:30 happens twice in Rome (+02:00, then +01:00): the second one.
    expect(readDialerLocalTime('2026-10-25 02:30:00', 'Europe/Rome')).toEqual({ kind: 'instant', iso: '2026-10-25T01:30:00Z' });
  });

  it("treats empty and VICIdial's zero date as absent, anything else unreadable as invalid", () => {
    expect(readDialerLocalTime('', 'UTC')).toEqual({ kind: 'absent' });
    expect(readDialerLocalTime(undefined, 'UTC')).toEqual({ kind: 'absent' });
    expect(readDialerLocalTime('0000-00-00 00:00:00', 'UTC')).toEqual({ kind: 'absent' });
    expect(readDialerLocalTime('2026-02-30 10:00:00', 'UTC')).toEqual({ kind: 'invalid' });
    expect(readDialerLocalTime('30/11/2026 15:30', 'UTC')).toEqual({ kind: 'invalid' });
    expect(readDialerLocalTime('2026-11-30 25:00:00', 'UTC')).toEqual({ kind: 'invalid' });
  });
});
