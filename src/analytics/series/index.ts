/** Series inputs shared by the analytics engines. */
export { parseSeriesCsv, type SeriesTable } from './parse-series-csv.js';
