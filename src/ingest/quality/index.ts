export {
  allSeriesQuality,
  type ImportQuality,
  importQuality,
  SERIES_SCORE_WEIGHTS,
  type SeriesQuality,
  seriesQuality,
} from './quality-report.js';
