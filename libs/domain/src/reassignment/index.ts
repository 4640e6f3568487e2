export * from './reassignment-policy';
export * from './reassignment-refusals';
