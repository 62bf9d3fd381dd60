/** Irrigation scheduling from the root-zone water balance, and its saving against a fixed calendar. */

export * from './compare-methods.js';
export * from './fixed-calendar.js';
export * from './plan-irrigation.js';
export * from './plan-irrigation-lp.js';
