export * from './stages';
export * from './dispositions';
export * from './events';
export * from './api';
export * from './live';
export * from './alerts';
export * from './reassignment';
export * from './insights';
