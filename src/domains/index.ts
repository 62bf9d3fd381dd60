export * from './manufacturing/index.js';
