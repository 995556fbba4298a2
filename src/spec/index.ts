export * from './types.js';
export * from './common.js';
export * from './profile.js';
export * from './registry.js';
export * from './file-name.js';
export { LEGACY_BILLING } from './legacy-billing.js';
export { INTERVAL, INTERVAL_LENGTHS } from './interval.js';
