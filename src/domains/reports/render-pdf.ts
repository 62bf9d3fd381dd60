/**
 * PDF through the machine's Chromium (playwright-core, never a downloaded browser) printing the
 * report's HTML: A4, a header (title, site, period) and a footer (generation time, page n of m) on
 * every page. One browser serves many reports; `close()` ends it.
 */
import { type Browser, chromium } from 'playwright-core';
import type { TimeZone } from '../../core/index.js';
import { REPORT_FONT } from './chart-svg.js';
import { escapeHtml, pageFooter, pageHeader, renderHtml } from './render-html.js';
import type { Lang, ReportDoc } from './report-doc.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface PdfPrinter {
  print(doc: ReportDoc, lang: Lang, zone: TimeZone): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * @example const p = await createPdfPrinter(); const pdf = await p.print(doc, 'zh', zone); await p.close();
 */
export async function createPdfPrinter(
  executablePath = process.env['XINZHI_CHROMIUM'] ?? DEFAULT_CHROMIUM,
): Promise<PdfPrinter> {
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
  });
  return {
    async print(doc, lang, zone) {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(renderHtml(doc, lang, zone), { waitUntil: 'load' });
        const f = pageFooter(doc, lang, zone);
        const style = `font-family:${REPORT_FONT.replace(/'/g, '&quot;')};font-size:7.5pt;color:#555;width:100%;padding:0 12mm;display:flex;justify-content:space-between;`;
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: `<div style="${style}"><span>${escapeHtml(pageHeader(doc, lang, zone))}</span></div>`,
          footerTemplate: `<div style="${style}"><span>${escapeHtml(f.generated)}</span><span>${escapeHtml(f.page)} <span class="pageNumber"></span> ${escapeHtml(f.of)} <span class="totalPages"></span>${escapeHtml(f.pages)}</span></div>`,
          margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
        });
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}
