/** The water balance, irrigation schedule and degree days of a field, fed from the store. */
export * from './field-from-store.js';
export * from './field-params.js';
export * from './pest-alarms.js';
export * from './store-weather.js';
