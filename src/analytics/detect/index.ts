/** Streaming anomaly detection: one `StreamingDetector` per series. */

export { BlockMax } from './block-max.js';
export { detectSeries, type SeriesDetection } from './detect-series.js';
export { normalTail } from './normal-tail.js';
export { DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from './options.js';
export { RollingStats } from './rolling-stats.js';
export { SeasonalProfile } from './seasonal-profile.js';
export { SlidingMax } from './sliding-max.js';
export { type DetectorOutput, StreamingDetector } from './streaming-detector.js';
