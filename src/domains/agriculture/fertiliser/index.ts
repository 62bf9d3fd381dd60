/** Least-cost fertiliser plans (LP/MILP) and common fertiliser grades. */
export * from './fertiliser-schema.js';
export * from './plan-fertiliser.js';
export * from './products.js';
