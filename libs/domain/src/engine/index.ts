export * from './operator-occupancy';
export * from './lead-apply-plan';
