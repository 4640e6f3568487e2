export * from './account-identity';
export * from './account-stage';
