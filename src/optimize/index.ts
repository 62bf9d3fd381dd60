/** Optimisation engines, one namespace each. */
export * as routing from './routing/index.js';
