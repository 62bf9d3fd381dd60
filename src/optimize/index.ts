/** Optimisation engines, one namespace each. */
export * as routing from './routing/index.js';
export * as slotting from './slotting/index.js';
