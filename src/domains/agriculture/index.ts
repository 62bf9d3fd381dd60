/**
 * Agriculture: FAO-56 reference and crop evapotranspiration, the root-zone water balance, irrigation
 * scheduling, degree days and pest risk. Pure functions over plain arrays; no engine dependency yet.
 */
export * from './crop/index.js';
export * from './et0/index.js';
export * from './et0-series.js';
export * from './gdd/index.js';
export * from './irrigation/index.js';
export * from './irrigation-request.js';
export * from './water/index.js';
export * from './weather-csv.js';
