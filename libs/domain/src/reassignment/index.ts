export * from './reassignment-policy';
