import fc from 'fast-check';
import { VICIDIAL_STATUS_FLAGS, vicidialStatusRowSchema, type VicidialStatusRowInput } from '@leadboard/contracts';
import { DispositionTable } from '../disposition-table';
import { dispositionFromFlags, proposeDispositions } from './vicidial-status-flags';

const row = (status: string, flags: Partial<Record<(typeof VICIDIAL_STATUS_FLAGS)[number], 'Y' | 'N'>>, extra: Partial<VicidialStatusRowInput> = {}) =>
  vicidialStatusRowSchema.parse({ status, status_name: status, campaign_id: 'SOLAR', ...flags, ...extra });

/** The domain page's order, first flag that holds decides. */
const ORDER = [
  ['dnc', 'DO_NOT_CALL'],
  ['sale', 'SALE'],
  ['not_interested', 'NOT_INTERESTED'],
  ['unworkable', 'WRONG_NUMBER'],
  ['scheduled_callback', 'CALLBACK'],
  ['answering_machine', 'VOICEMAIL'],
  ['customer_contact', 'INTERESTED'],
] as const;

describe('dispositionFromFlags', () => {
  it.each(ORDER)('%s alone → %s', (flag, disposition) => {
    expect(dispositionFromFlags(row('X', { [flag]: 'Y' }), 'X').disposition).toBe(disposition);
  });

  it('human_answered without customer_contact is a drop when the name says so, else interested; no flags is no answer', () => {
    expect(dispositionFromFlags(row('HD', { human_answered: 'Y' }), 'Hangup Drop')).toEqual({ disposition: 'DROPPED', reason: 'flag_human_answered_drop' });
    expect(dispositionFromFlags(row('HU', { human_answered: 'Y' }), 'Hung up')).toEqual({ disposition: 'INTERESTED', reason: 'flag_human_answered' });
    expect(dispositionFromFlags(row('Z', {}), 'Z')).toEqual({ disposition: 'NO_ANSWER', reason: 'no_flags' });
  });

  it('the first flag that holds decides, whatever the others say', () => {
    const flagSet = fc.record(Object.fromEntries(VICIDIAL_STATUS_FLAGS.map((f) => [f, fc.boolean()])) as Record<(typeof VICIDIAL_STATUS_FLAGS)[number], fc.Arbitrary<boolean>>);
    fc.assert(
      fc.property(flagSet, (flags) => {
        const first = ORDER.find(([flag]) => flags[flag]);
        const got = dispositionFromFlags(flags, 'name').disposition;
        if (first) expect(got).toBe(first[1]);
        else expect(got).toBe(flags.human_answered ? 'INTERESTED' : 'NO_ANSWER');
      }),
    );
  });
});

describe('proposeDispositions', () => {
  it("keeps the built-in mapping for VICIdial's standard codes whatever their inconsistent flags say", () => {
    const proposals = proposeDispositions(
      [row('SALE', { sale: 'Y', customer_contact: 'N', human_answered: 'Y' }), row('AA', { answering_machine: 'N' }), row('NI', { not_interested: 'Y' })],
      DispositionTable.builtIn,
    );
    expect(proposals.map((p) => [p.code, p.disposition, p.reason, p.storable])).toEqual([
      ['SALE', 'SALE', 'built_in', false],
      ['AA', 'VOICEMAIL', 'built_in', false],
      ['NI', 'NOT_INTERESTED', 'built_in', false],
    ]);
  });

  it("proposes a tenant's own codes from their flags, says what the table maps them to today, campaign by campaign", () => {
    const table = new DispositionTable([{ code: 'APPT', disposition: 'QUALIFIED', campaignId: null }]);
    const proposals = proposeDispositions(
      [
        row('appt', { customer_contact: 'Y', human_answered: 'Y' }, { status_name: 'Appointment' }),
        row('NOBUDG', { not_interested: 'Y', customer_contact: 'Y' }),
        row('INTERESTED', { customer_contact: 'Y' }),
        row('SYSX', { unworkable: 'Y' }, { campaign_id: '' }),
      ],
      table,
    );
    expect(proposals).toEqual([
      { code: 'APPT', statusName: 'Appointment', campaignId: 'SOLAR', disposition: 'INTERESTED', reason: 'flag_customer_contact', storable: true, current: 'QUALIFIED' },
      { code: 'NOBUDG', statusName: 'NOBUDG', campaignId: 'SOLAR', disposition: 'NOT_INTERESTED', reason: 'flag_not_interested', storable: true, current: null },
      { code: 'INTERESTED', statusName: 'INTERESTED', campaignId: 'SOLAR', disposition: 'INTERESTED', reason: 'canonical', storable: false, current: 'INTERESTED' },
      { code: 'SYSX', statusName: 'SYSX', campaignId: null, disposition: 'WRONG_NUMBER', reason: 'flag_unworkable', storable: true, current: null },
    ]);
  });

  it('reads Y/N flags in any case, empty as N, and refuses anything else', () => {
    expect(vicidialStatusRowSchema.parse({ status: 'x', sale: 'y', dnc: '' })).toMatchObject({ status: 'X', sale: true, dnc: false, campaign_id: null });
    expect(vicidialStatusRowSchema.safeParse({ status: 'X', sale: 'maybe' }).success).toBe(false);
  });
});
