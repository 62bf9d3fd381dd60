export * from './clock.js';
export * from './errors.js';
export * from './limits.js';
export * from './logger.js';
export * from './result.js';
export * from './time.js';
export * from './types.js';
