/** Root-zone soil-water balance (FAO-56 Chapter 8) and its correction by soil-moisture sensors. */
export * from './effective-rain.js';
export * from './field.js';
export * from './root-zone.js';
export * from './simulate-field.js';
export * from './soil-moisture.js';
export * from './water-balance-step.js';
