/** Work instructions in words (zh/en) → delivery orders and field operations (`xinzhi ask`). */
export * from './address.js';
export * from './address-model.js';
export * from './geocoder.js';
export * from './parse.js';
export * from './tagger.js';
export * from './time-window.js';
export * from './to-engines.js';
export * from './types.js';
