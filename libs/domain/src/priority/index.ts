export * from './target-rules';
export * from './lead-priority';
