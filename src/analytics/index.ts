export * from './rul/index.js';
export * from './runs/index.js';
