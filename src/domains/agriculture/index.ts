/**
 * Agriculture: FAO-56 reference and crop evapotranspiration, the root-zone water balance, irrigation
 * scheduling, degree days and pest risk; irrigation, fertiliser and field-operation plans on the optimize engine.
 */
export * from './crop/index.js';
export * from './et0/index.js';
export * from './et0-series.js';
export * from './farm-service.js';
export * from './fertiliser/index.js';
export * from './gdd/index.js';
export * from './irrigation/index.js';
export * from './irrigation-request.js';
export * from './operations/index.js';
export * from './solve-fn.js';
export * from './store-fed/index.js';
export * from './water/index.js';
export * from './weather-csv.js';
