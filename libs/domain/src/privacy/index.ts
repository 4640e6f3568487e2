export * from './personal-data';
export * from './wall-screen';
