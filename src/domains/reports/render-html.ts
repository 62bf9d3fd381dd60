/**
 * The report as one self-contained HTML page (inline CSS and SVG charts, no scripts, no network),
 * which the PDF printer prints and the reports page previews. Every data string is escaped.
 */
import type { TimeZone } from '../../core/index.js';
import { chartSvg, REPORT_FONT } from './chart-svg.js';
import { cellText, headerText, localTime } from './format-cell.js';
import type { Lang, ReportDoc, Table } from './report-doc.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const W = {
  period: { en: 'Period', zh: '期间' },
  site: { en: 'Site', zh: '站点' },
  zone: { en: 'Time zone', zh: '时区' },
  generated: { en: 'Generated', zh: '生成时间' },
  page: { en: 'Page', zh: '第' },
  of: { en: 'of', zh: '页，共' },
  pages: { en: '', zh: '页' },
} as const;

/** Header line of every page: title · site · period. */
export function pageHeader(doc: ReportDoc, lang: Lang, zone: TimeZone): string {
  return `${doc.title[lang]} · ${doc.site} · ${localTime(doc.from, zone)} – ${localTime(doc.to, zone)} (${doc.timeZone})`;
}

/** Footer line (without the page numbers, which the printer fills in). */
export function pageFooter(
  doc: ReportDoc,
  lang: Lang,
  zone: TimeZone,
): { generated: string; page: string; of: string; pages: string } {
  return {
    generated: `${W.generated[lang]} ${localTime(doc.generatedAt, zone)}`,
    page: W.page[lang],
    of: W.of[lang],
    pages: W.pages[lang],
  };
}

function tableHtml(tb: Table, lang: Lang, zone: TimeZone): string {
  const head = tb.columns
    .map((c) => `<th class="${c.kind === 'text' ? 'l' : 'r'}">${escapeHtml(headerText(c, lang))}</th>`)
    .join('');
  const body =
    tb.rows.length === 0
      ? `<tr><td colspan="${tb.columns.length}" class="empty">${escapeHtml((tb.empty ?? { en: 'None.', zh: '无。' })[lang])}</td></tr>`
      : tb.rows
          .map(
            (r) =>
              `<tr>${tb.columns
                .map(
                  (c, i) =>
                    `<td class="${c.kind === 'text' ? 'l' : 'r'}">${escapeHtml(cellText(r[i] ?? null, c, lang, zone))}</td>`,
                )
                .join('')}</tr>`,
          )
          .join('');
  return `<h3>${escapeHtml(tb.title[lang])}</h3><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderHtml(doc: ReportDoc, lang: Lang, zone: TimeZone): string {
  const tables = new Map(doc.sections.flatMap((s) => s.tables.map((t) => [t.id, t] as const)));
  const sections = doc.sections
    .map((s) => {
      const paras = (s.paragraphs ?? []).map((p) => `<p>${escapeHtml(p[lang])}</p>`).join('');
      const facts = s.facts?.length
        ? `<dl>${s.facts
            .map(
              (f) =>
                `<div><dt>${escapeHtml(f.label[lang])}</dt><dd>${escapeHtml(String(f.value))}${f.unit ? ` ${escapeHtml(f.unit)}` : ''}</dd></div>`,
            )
            .join('')}</dl>`
        : '';
      const charts = (s.charts ?? [])
        .map((c) => {
          const tb = tables.get(c.table);
          if (!tb || tb.rows.length === 0) return '';
          return `<figure>${chartSvg(c, tb, lang, zone)}<figcaption>${escapeHtml(c.title[lang])}</figcaption></figure>`;
        })
        .join('');
      return `<section><h2>${escapeHtml(s.title[lang])}</h2>${paras}${facts}${charts}${s.tables.map((t) => tableHtml(t, lang, zone)).join('')}</section>`;
    })
    .join('');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(doc.title[lang])}</title><style>
@page { size: A4; margin: 18mm 12mm 16mm 12mm; }
body { font-family: ${REPORT_FONT}; font-size: 9.5pt; color: #1a1a1a; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 10.5pt; margin: 10pt 0 3pt; }
.meta { color: #444; margin-bottom: 8pt; } .meta span { margin-right: 14pt; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; } tr { page-break-inside: avoid; }
thead { display: table-header-group; }
th, td { border-bottom: 0.5pt solid #ccc; padding: 2pt 4pt; font-size: 8pt; } th { background: #eef1f5; }
td.l { white-space: nowrap; }
.l { text-align: left; } .r { text-align: right; font-variant-numeric: tabular-nums; } .empty { color: #666; font-style: italic; }
dl { display: flex; flex-wrap: wrap; gap: 6pt 18pt; margin: 6pt 0; } dt { color: #555; font-size: 8.5pt; } dd { margin: 0; font-size: 12pt; font-weight: 600; }
figure { margin: 6pt 0; page-break-inside: avoid; } figcaption { font-size: 8.5pt; color: #555; text-align: center; }
</style></head><body><h1>${escapeHtml(doc.title[lang])}</h1><div class="meta"><span>${W.site[lang]}: ${escapeHtml(doc.site)}</span><span>${W.period[lang]}: ${escapeHtml(localTime(doc.from, zone))} – ${escapeHtml(localTime(doc.to, zone))}</span><span>${W.zone[lang]}: ${escapeHtml(doc.timeZone)}</span><span>${W.generated[lang]}: ${escapeHtml(localTime(doc.generatedAt, zone))}</span></div>${sections}</body></html>`;
}
