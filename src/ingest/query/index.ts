export { parseBucket, querySeries, type SeriesQueryInput, type SeriesQueryResult } from './query-series.js';
export { siteTimeZone } from './site-time-zone.js';
