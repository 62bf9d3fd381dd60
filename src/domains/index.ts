/** Use cases composed from the engines. */
export * from './manufacturing/index.js';
