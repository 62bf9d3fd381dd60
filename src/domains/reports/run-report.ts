/**
 * One report end to end: the site and zone, the document, the files. Shared by the CLI, the API
 * and the scheduler, so a scheduled report is byte-for-byte what `xinzhi report run` gives.
 */
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { buildReport } from './build-report.js';
import type { PdfPrinter } from './render-pdf.js';
import { REPORT_FORMATS, type RenderedFile, type ReportFormat, renderReport } from './render-report.js';
import { LANGS, type Lang, type ReportDoc } from './report-doc.js';
import { reportSite } from './report-site.js';

export interface ReportRequest {
  readonly type: string;
  readonly from: number;
  readonly to: number;
  readonly format: string;
  readonly lang: string;
  /** Zone override; default the site's. */
  readonly tz?: string | undefined;
  readonly series?: string | undefined;
  readonly asset?: string | undefined;
  readonly run?: string | undefined;
  readonly plan?: string | undefined;
}

export interface ReportOutput {
  readonly doc: ReportDoc;
  readonly format: ReportFormat;
  readonly lang: Lang;
  readonly files: RenderedFile[];
  /** Milliseconds spent gathering figures and rendering. */
  readonly buildMs: number;
  readonly renderMs: number;
}

export const isFormat = (s: string): s is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(s);
export const isLang = (s: string): s is Lang => (LANGS as readonly string[]).includes(s);

export async function runReport(
  store: Store,
  req: ReportRequest,
  o: { readonly now: number; readonly pdf?: () => Promise<PdfPrinter> },
): Promise<ReportOutput> {
  const { format, lang } = req;
  if (!isFormat(format))
    throw new XinzhiError(
      'BAD_INPUT',
      `format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`,
      {
        field: 'format',
      },
    );
  if (!isLang(lang))
    throw new XinzhiError('BAD_INPUT', `lang must be one of ${LANGS.join(', ')}, not "${lang}"`, {
      field: 'lang',
    });
  if (!(Number.isFinite(req.from) && Number.isFinite(req.to) && req.from < req.to))
    throw new XinzhiError('BAD_INPUT', 'from must be before to', { field: 'from' });
  const t0 = performance.now();
  const { site, zone } = await reportSite(store, { asset: req.asset, tz: req.tz });
  const doc = await buildReport(req.type, {
    store,
    from: req.from,
    to: req.to,
    now: o.now,
    zone,
    site,
    series: req.series,
    asset: req.asset,
    run: req.run,
    plan: req.plan,
  });
  const t1 = performance.now();
  const files = await renderReport(doc, format, lang, zone, o.pdf);
  return { doc, format, lang, files, buildMs: t1 - t0, renderMs: performance.now() - t1 };
}
