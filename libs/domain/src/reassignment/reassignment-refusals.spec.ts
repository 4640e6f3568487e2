import fc from 'fast-check';
import { CLOSED_STAGES, OPERATOR_STATES, STAGES } from '@leadboard/contracts';
import { REASSIGN_REFUSAL_STATUS, reassignmentRefusal, reassignmentWarnings, type ReassignCheck, type ReassignTarget } from './reassignment-refusals';

const marco: ReassignTarget = { operatorId: 'op-1', name: 'Marco', state: 'available', seniority: 'senior' };
const check = (over: Partial<ReassignCheck> = {}): ReassignCheck => ({
  requested: ['L1', 'L2'],
  leads: [
    { leadId: 'L1', stage: 'prospect', ownerOperatorId: 'op-2' },
    { leadId: 'L2', stage: 'new', ownerOperatorId: null },
  ],
  toOperatorId: 'op-1',
  target: marco,
  ...over,
});

describe('reassignmentRefusal', () => {
  it('lets a valid request go ahead', () => {
    expect(reassignmentRefusal(check({ expectedOwners: { L1: 'op-2', L2: null } }))).toBeNull();
  });

  it('refuses unknown leads first (404), naming them', () => {
    const r = reassignmentRefusal(check({ requested: ['L1', 'L2', 'X9'], target: null }));
    expect(r).toEqual({ code: 'unknown_leads', message: '1 lead not found: X9; nothing was moved', leadIds: ['X9'] });
    expect(REASSIGN_REFUSAL_STATUS[r!.code]).toBe(404);
  });

  it('names the first 20 leads in the message and lists them all', () => {
    const requested = Array.from({ length: 23 }, (_, i) => `X${i}`);
    const r = reassignmentRefusal(check({ requested, leads: [] }));
    expect(r?.message).toMatch(/^23 leads not found: X0, X1, .*X19 and 3 more; nothing was moved$/);
    expect(r?.leadIds).toEqual(requested);
  });

  it('refuses an unknown or offline operator (422)', () => {
    expect(reassignmentRefusal(check({ target: null, toOperatorId: 'op-9' }))).toEqual({
      code: 'unknown_operator',
      message: 'operator op-9 does not exist; nothing was moved',
      leadIds: [],
      operatorId: 'op-9',
    });
    expect(reassignmentRefusal(check({ target: { ...marco, state: 'offline' } }))).toMatchObject({ code: 'offline_operator', message: 'operator Marco is offline; nothing was moved' });
    expect([REASSIGN_REFUSAL_STATUS.unknown_operator, REASSIGN_REFUSAL_STATUS.offline_operator]).toEqual([422, 422]);
  });

  it('refuses closed leads (422) with each one\'s stage', () => {
    const leads = [
      { leadId: 'L1', stage: 'customer' as const, ownerOperatorId: 'op-2' },
      { leadId: 'L2', stage: 'dnc' as const, ownerOperatorId: null },
    ];
    expect(reassignmentRefusal(check({ leads }))).toEqual({
      code: 'closed_leads',
      message: '2 leads closed (customer, lost or dnc) and cannot be reassigned: L1 (customer), L2 (dnc); nothing was moved',
      leadIds: ['L1', 'L2'],
      stages: { L1: 'customer', L2: 'dnc' },
    });
  });

  it('refuses when an owner changed since the manager looked (409); leads it does not name are not checked', () => {
    const r = reassignmentRefusal(check({ expectedOwners: { L1: 'op-3' } }));
    expect(r).toEqual({
      code: 'owner_changed',
      message: '1 lead changed owner since you looked: L1 (now op-2); nothing was moved, refresh and try again',
      leadIds: ['L1'],
      currentOwners: { L1: 'op-2' },
    });
    expect(REASSIGN_REFUSAL_STATUS.owner_changed).toBe(409);
    expect(reassignmentRefusal(check({ expectedOwners: { L2: 'op-3' } }))?.currentOwners).toEqual({ L2: null });
  });

  it('answers with the first refusal that applies, in the contract\'s order', () => {
    const order = ['unknown_leads', 'unknown_operator', 'offline_operator', 'closed_leads', 'owner_changed'];
    fc.assert(
      fc.property(
        fc.record({
          missing: fc.boolean(),
          target: fc.option(fc.constantFrom(...OPERATOR_STATES), { nil: null }),
          stages: fc.array(fc.constantFrom(...STAGES), { minLength: 1, maxLength: 5 }),
          changed: fc.boolean(),
        }),
        ({ missing, target, stages, changed }) => {
          const leads = stages.map((stage, i) => ({ leadId: `L${i}`, stage, ownerOperatorId: 'op-2' }));
          const c: ReassignCheck = {
            requested: [...leads.map((l) => l.leadId), ...(missing ? ['gone'] : [])],
            leads,
            toOperatorId: 'op-1',
            target: target === null ? null : { ...marco, state: target },
            expectedOwners: { L0: changed ? 'op-3' : 'op-2' },
          };
          const applies = [
            missing,
            target === null,
            target === 'offline',
            stages.some((s) => (CLOSED_STAGES as readonly string[]).includes(s)),
            changed,
          ];
          const first = applies.indexOf(true);
          expect(reassignmentRefusal(c)?.code ?? null).toBe(first === -1 ? null : order[first]);
        },
      ),
    );
  });
});

describe('reassignmentWarnings', () => {
  it('warns when prospects or opportunities go to a junior, and only then', () => {
    const leads = check().leads;
    expect(reassignmentWarnings(leads, marco)).toEqual([]);
    expect(reassignmentWarnings(leads, { ...marco, seniority: 'junior' })).toEqual([
      {
        code: 'junior_target',
        message: '1 prospect or opportunity given to Marco, a junior; they belong with senior closers: L1',
        messageKey: 'reassignment.warning.juniorTarget',
        params: { count: 1, to: 'Marco', toOperatorId: 'op-1' },
        leadIds: ['L1'],
      },
    ]);
    expect(reassignmentWarnings([{ leadId: 'L2', stage: 'new', ownerOperatorId: null }], { ...marco, seniority: 'junior' })).toEqual([]);
  });
});
