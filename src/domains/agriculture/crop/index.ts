/** Crops, soils and the single crop coefficient (FAO-56 Chapter 6 and Tables 11, 12, 19, 22). */
export * from './crops.js';
export * from './kc-adjust.js';
export * from './kc-curve.js';
export * from './soils.js';
