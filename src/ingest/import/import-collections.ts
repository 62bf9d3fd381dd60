/**
 * What file imports keep in the document store: the layout of each import (`ingest.imports`, by
 * import id) so a quarantined line can be re-read, and the imports of each file's bytes
 * (`ingest.import-hashes`, by SHA-256 and sheet) to recognise a re-import.
 */
import { z } from 'zod';
import { DOC_NAMESPACES, defineCollection, documentOf } from '../../store/index.js';
import type { ImportLayoutDoc } from './import-file.js';

export const importLayoutCollection = defineCollection(
  DOC_NAMESPACES.ingestImports,
  documentOf<ImportLayoutDoc>(
    z.looseObject({
      format: z.string(),
      name: z.string(),
      delimiter: z.string().optional(),
      decimal: z.enum(['.', ',']).optional(),
      asset: z.string().optional(),
      timeZone: z.string().optional(),
      sha256: z.string().optional(),
    }),
  ),
);

/** The newest import of some bytes, and every import of them (oldest first, bounded). */
const ImportHashSchema = z.object({
  importId: z.number().int(),
  importIds: z.array(z.number().int()).readonly().optional(),
});
export type ImportHashDoc = z.infer<typeof ImportHashSchema>;

export const importHashCollection = defineCollection(DOC_NAMESPACES.ingestImportHashes, ImportHashSchema);
