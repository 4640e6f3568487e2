export * from './json-integer-ids';
export * from './meta-lead';
