export * from './lead-state';
export * from './disposition-mapping';
export * from './event-order';
export * from './lead-funnel';
export * from './campaign-metrics';
export * from './alerts';
export * from './reassignment';
export * from './privacy';
