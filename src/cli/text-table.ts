/**
 * Plain-text tables for terminals: columns padded by display width, where CJK and full-width
 * characters take two columns (partner and player names are often Chinese).
 */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Rows padded to common column widths; columns listed in `right` are right-aligned (numbers). */
export function textTable(rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) =>
    Math.max(0, ...rows.map((r) => displayWidth(r[c] ?? ''))),
  );
  return rows.map((r) =>
    `  ${Array.from({ length: cols }, (_, c) => {
      const x = r[c] ?? '';
      const pad = ' '.repeat((widths[c] ?? 0) - displayWidth(x));
      return right.includes(c) ? pad + x : x + pad;
    }).join('  ')}`.trimEnd(),
  );
}
