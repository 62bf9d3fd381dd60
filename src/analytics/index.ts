/** Analytics engine: streaming anomaly detection, forecasting, alarms; RUL, NER and vision models and training runs by namespace. */

export * from './alarms/index.js';
export * from './detect/index.js';
export * from './forecast/index.js';
export * as nlp from './nlp/index.js';
export * as rul from './rul/index.js';
export * as runs from './runs/index.js';
export * from './series/index.js';
export * as vision from './vision/index.js';
