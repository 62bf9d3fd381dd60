export * from './access.js';
export * from './clock.js';
export * from './csv-cell.js';
export * from './errors.js';
export * from './logger.js';
export * from './result.js';
export * from './time.js';
export * from './types.js';
