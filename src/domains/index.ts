/** Use cases composed from the engines, one namespace per domain. */
export * as agriculture from './agriculture/index.js';
export * as ask from './ask/index.js';
export * as collaboration from './collaboration/index.js';
export * as forecasting from './forecasting/index.js';
export * as inspection from './inspection/index.js';
export * as logistics from './logistics/index.js';
export * as maintenance from './maintenance/index.js';
export * as manufacturing from './manufacturing/index.js';
export * as monitoring from './monitoring/index.js';
export * as reports from './reports/index.js';
export * as series from './series/index.js';
export * as staffing from './staffing/index.js';
export * as supplyChain from './supply-chain/index.js';
