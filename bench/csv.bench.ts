/** `npm run bench -- csv`: the CSV import rows of the ingest benchmark on their own. */
import { measureCsvImport } from './ingest/csv-import.js';
import { printRows } from './lib/table.js';

export async function run(args: string[]): Promise<void> {
  printRows('CSV import', await measureCsvImport(), args);
}
