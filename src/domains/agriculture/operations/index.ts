/** Field-operation scheduling (MILP): jobs, machines, operators, weather windows. */
export * from './operations-schedule-schema.js';
export * from './operations-schema.js';
export * from './schedule-operations.js';
