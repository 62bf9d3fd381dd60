/** Growing degree-days, crop-stage prediction and pest-risk alerts. */
export * from './degree-days.js';
export * from './pest-models.js';
export * from './pest-risk.js';
