import type { PlanInputFile } from './plan-schema.js';

/**
 * The documented example plan (`examples/plan-workshop.yaml`, explained in docs/planning.md) as
 * data, so the server can hand it to the dashboard without the examples folder being installed.
 * A test checks it equals the YAML file.
 */
export const EXAMPLE_PLAN: PlanInputFile = {
  name: 'workshop-4-weeks',
  currency: '¥',
  periods: ['W1', 'W2', 'W3', 'W4'],
  products: [
    { id: 'chair', holdingCost: 2, backlogCost: 30 },
    { id: 'table', holdingCost: 5, backlogCost: 60, setupCost: 400, minLot: 20 },
    { id: 'leg', holdingCost: 0.2 },
  ],
  lines: [
    { id: 'L1', name: 'Carpentry', hours: [160, 160, 120, 160], overtimeHours: 40, overtimeCost: 45 },
    { id: 'L2', name: 'Assembly', hours: 120 },
  ],
  routings: [
    { product: 'leg', line: 'L1', hoursPerUnit: 0.1, costPerUnit: 3 },
    { product: 'chair', line: 'L2', hoursPerUnit: 0.5, costPerUnit: 20 },
    { product: 'table', line: 'L2', hoursPerUnit: 1.2, costPerUnit: 55 },
    { product: 'table', line: 'L1', hoursPerUnit: 2.0, costPerUnit: 60 },
  ],
  bom: [
    { parent: 'chair', component: 'leg', quantity: 4 },
    { parent: 'table', component: 'leg', quantity: 4 },
  ],
  demand: {
    chair: [120, 140, 160, 150],
    table: [30, 40, 45, 35],
    leg: [0, 0, 0, 0],
  },
};
