/** Warehouse slotting: SKUs to pick locations by least expected travel (exact assignment). */
export { type Assignment, solveAssignment } from './assignment.js';
export { type Sku, type SlotLocation, type SlottingResult, slotSkus } from './slot-skus.js';
export { parseLocationsCsv, parseSkusCsv } from './slotting-csv.js';
