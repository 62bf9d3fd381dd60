export { parseBucket, querySeries, type SeriesQueryInput, type SeriesQueryResult } from './query-series.js';
