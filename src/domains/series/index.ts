/**
 * Series: creating them ahead of their data, changing their settings and unit, renaming and
 * deleting them together with what other areas keep under their id.
 */
export { deleteSeries, renameSeries } from './series-lifecycle.js';
export {
  type ChangedSeries,
  changeSeries,
  createSeries,
  requireSeries,
  type SeriesChange,
  type SeriesSettings,
  type UnitConversion,
} from './series-service.js';
