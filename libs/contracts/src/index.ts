export * from './stages';
export * from './dispositions';
export * from './events';
export * from './api';
export * from './live';
export * from './alerts';
