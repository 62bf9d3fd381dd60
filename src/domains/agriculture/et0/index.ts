/** FAO-56 reference evapotranspiration: every intermediate of the paper as its own function. */
export * from './atmosphere.js';
export * from './constants.js';
export * from './day-of-year.js';
export * from './et0-daily.js';
export * from './et0-hourly.js';
export * from './et0-monthly.js';
export * from './hargreaves.js';
export * from './penman-monteith.js';
export * from './radiation.js';
export * from './radiation-hourly.js';
export * from './soil-heat-flux.js';
export * from './vapour-pressure.js';
export * from './wind.js';
