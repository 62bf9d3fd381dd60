/** The control engine: PID, identification and tuning, simulated plants, and the loop runtime. */

export * from './loop/index.js';
export * from './pid/index.js';
export * from './plants/index.js';
export * from './tuning/index.js';
