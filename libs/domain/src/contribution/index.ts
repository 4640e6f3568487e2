export * from './contribution';
