import { CANONICAL_DISPOSITIONS } from '@leadboard/contracts';
import type { CanonicalDisposition, Disposition } from '@leadboard/contracts';
import { VICIDIAL_DISPOSITIONS, isContactDisposition, isNoContactAttempt, mapDisposition } from './disposition-mapping';

const VICIDIAL_TABLE: [string, CanonicalDisposition][] = [
  ['NA', 'NO_ANSWER'],
  ['N', 'NO_ANSWER'],
  ['B', 'BUSY'],
  ['AB', 'BUSY'],
  ['A', 'VOICEMAIL'],
  ['AA', 'VOICEMAIL'],
  ['AM', 'VOICEMAIL'],
  ['AL', 'VOICEMAIL'],
  ['DROP', 'DROPPED'],
  ['PDROP', 'DROPPED'],
  ['DC', 'WRONG_NUMBER'],
  ['ADC', 'WRONG_NUMBER'],
  ['AFAX', 'WRONG_NUMBER'],
  ['NI', 'NOT_INTERESTED'],
  ['DEC', 'NOT_NOW'],
  ['CALLBK', 'CALLBACK'],
  ['CBHOLD', 'CALLBACK'],
  ['XFER', 'TRANSFERRED'],
  ['SALE', 'SALE'],
  ['DNC', 'DO_NOT_CALL'],
  ['DNCL', 'DO_NOT_CALL'],
  ['DNCC', 'DO_NOT_CALL'],
];

const CONTACT_COLUMN: [Disposition, boolean][] = [
  ['NO_ANSWER', false],
  ['BUSY', false],
  ['VOICEMAIL', false],
  ['DROPPED', false],
  ['WRONG_NUMBER', false],
  ['NOT_INTERESTED', true],
  ['NOT_NOW', true],
  ['CALLBACK', true],
  ['INTERESTED', true],
  ['QUALIFIED', true],
  ['TRANSFERRED', true],
  ['APPOINTMENT_SET', true],
  ['SALE', true],
  ['DO_NOT_CALL', true],
  ['OTHER', false],
];

describe('VICIDIAL_DISPOSITIONS', () => {
  it('is exactly the table of the domain page', () => {
    expect(VICIDIAL_DISPOSITIONS).toEqual(Object.fromEntries(VICIDIAL_TABLE));
  });

  it.each(VICIDIAL_TABLE)('maps VICIdial %s to %s out of the box', (code, canonical) => {
    expect(mapDisposition(code)).toEqual({ disposition: canonical, mapped: true });
  });

  it.each(VICIDIAL_TABLE)('maps VICIdial %s whatever its case and surrounding spaces', (code, canonical) => {
    expect(mapDisposition(`  ${code.toLowerCase()} `)).toEqual({ disposition: canonical, mapped: true });
  });
});

describe('mapDisposition', () => {
  it.each(CANONICAL_DISPOSITIONS)('accepts the canonical name %s in any case', (name) => {
    expect(mapDisposition(name)).toEqual({ disposition: name, mapped: true });
    expect(mapDisposition(` ${name.toLowerCase()}\t`)).toEqual({ disposition: name, mapped: true });
  });

  it('maps "qualified" and "Interested" to their canonical names', () => {
    expect(mapDisposition('qualified').disposition).toBe('QUALIFIED');
    expect(mapDisposition('Interested').disposition).toBe('INTERESTED');
  });

  it.each(['ZZZ', 'OTHER', 'not interested', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'records the unknown code %p as OTHER, unmapped',
    (code) => {
      expect(mapDisposition(code)).toEqual({ disposition: 'OTHER', mapped: false });
    },
  );

  it('uses tenant overrides first, matched case-insensitively', () => {
    const overrides = { ' appt ': 'APPOINTMENT_SET', ni: 'NOT_NOW', Interested: 'QUALIFIED' } as const;
    expect(mapDisposition('APPT', overrides)).toEqual({ disposition: 'APPOINTMENT_SET', mapped: true });
    expect(mapDisposition('NI', overrides)).toEqual({ disposition: 'NOT_NOW', mapped: true });
    expect(mapDisposition('interested', overrides)).toEqual({ disposition: 'QUALIFIED', mapped: true });
    expect(mapDisposition('XFER', overrides)).toEqual({ disposition: 'TRANSFERRED', mapped: true });
    expect(mapDisposition('WHATEVER', overrides)).toEqual({ disposition: 'OTHER', mapped: false });
  });
});

describe('contact column', () => {
  it.each(CONTACT_COLUMN)('isContactDisposition(%s) is %p', (disposition, contact) => {
    expect(isContactDisposition(disposition)).toBe(contact);
  });

  it.each(CONTACT_COLUMN)('isNoContactAttempt(%s) only for NO_ANSWER, BUSY, VOICEMAIL, DROPPED', (disposition) => {
    expect(isNoContactAttempt(disposition)).toBe(['NO_ANSWER', 'BUSY', 'VOICEMAIL', 'DROPPED'].includes(disposition));
  });
});
