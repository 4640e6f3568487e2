export * from './alert-thresholds';
export * from './alert-rules';
export * from './alert-hysteresis';
export * from './prospect-waiting';
export * from './rate-evidence';
