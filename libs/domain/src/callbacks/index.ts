export * from './callback-release';
