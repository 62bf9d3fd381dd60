/** Analytics engine: streaming anomaly detection, forecasting, alarms. */

export * from './alarms/index.js';
export * from './detect/index.js';
export * from './forecast/index.js';
export * from './series/index.js';
