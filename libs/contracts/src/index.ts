export * from './shapes';
export * from './errors';
export * from './stages';
export * from './dispositions';
export * from './vocabulary-schemas';
export * from './aging';
export * from './events';
export * from './api';
export * from './live';
export {
  alertMessageSchema,
  importProgressMessageSchema,
  liveMessageSchemas,
  metricsMessageSchema,
  operatorMessageSchema,
  reassignedMessageSchema,
  snapshotMessageSchema,
  subscribeAckSchema,
  subscribeRequestSchema,
  transitionMessageSchema,
  unsubscribeRequestSchema,
  wallScreenMessageSchemas,
} from './live-schemas';
export * from './alerts';
export * from './alert-vocabulary';
export * from './reassignment';
export * from './insights';
export * from './meta';
export * from './sources-vocabulary';
export * from './imports';
export * from './vicidial';
export * from './disposition-table';
export * from './sources';
export * from './operations';
export * from './access';
export * from './privacy';
export * from './contribution';
export * from './contribution-vocabulary';
export * from './priority-vocabulary';
export * from './priority';
export * from './accounts';
