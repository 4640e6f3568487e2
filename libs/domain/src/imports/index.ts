export * from './file-encoding';
export * from './delimiter-detection';
export * from './header-matching';
export * from './vicidial-list-layout';
export * from './contact-values';
export * from './import-layout';
export * from './lead-import-row';
