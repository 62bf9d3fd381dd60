/**
 * What the page reads of a CSV file itself: its first lines, to show them and guess the columns.
 * The server parses the whole file (src/ingest/csv); this is only enough for a header and a preview.
 */

/** An Excel workbook is binary: no preview here, the server reads its header (src/ingest/xlsx). */
export const isWorkbook = (name: string): boolean => /\.xls[xm]$/i.test(name);

/** Splits one CSV line, honouring double quotes. */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The header and up to five rows of the text at the start of a file, split on the delimiter the
 * first line has most of (comma, semicolon or tab); blank lines and `#` comments are skipped.
 */
export function previewRows(text: string): string[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const first = lines[0] ?? '';
  const delimiter = [',', ';', '\t'].sort((a, b) => first.split(b).length - first.split(a).length)[0] ?? ',';
  return lines.slice(0, 6).map((l) => splitCsvLine(l, delimiter));
}
