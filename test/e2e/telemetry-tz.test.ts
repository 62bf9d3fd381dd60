/**
 * Calendar buckets on the telemetry page in a real browser: by default in the site's zone (the
 * site says Europe/Berlin), weeks start on Monday 00:00 local time; choosing Asia/Shanghai moves
 * them to Monday 00:00 there; months start on the 1st. Skipped, saying so, without chromium.
 */
import { describe, expect, it } from 'vitest';
import { useApiPage } from './api-page.js';
import { artifact, browserTestsRun } from './harness.js';

const HOUR = 3_600_000;
const SERIES = 'berlin/press/power';

/** Weekday (0 Sunday … 6 Saturday) and wall clock of an ISO time with offset, as written. */
function wallClock(iso: string): { weekday: number; day: number; clock: string; offset: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})\.\d{3}([+-]\d{2}:\d{2}|Z)$/.exec(iso);
  if (!m) throw new Error(`not an ISO time with offset: ${iso}`);
  const [, y, mo, d, clock, offset] = m as unknown as [string, string, string, string, string, string];
  return { weekday: new Date(Date.UTC(+y, +mo - 1, +d)).getUTCDay(), day: +d, clock, offset };
}

describe.skipIf(!browserTestsRun())('telemetry calendar buckets in chromium', () => {
  const app = useApiPage({
    seed: async (store) => {
      await store.upsertAsset({
        id: 'berlin',
        kind: 'site',
        name: 'Berlin',
        attributes: { timeZone: 'Europe/Berlin' },
      });
      await store.upsertAsset({ id: 'berlin/press', kind: 'equipment', name: 'Press' });
      await store.upsertSeries({ assetId: 'berlin/press', metric: 'power', unit: 'kW' });
      // Hourly power for 40 days up to now.
      const now = Math.floor(Date.now() / HOUR) * HOUR;
      await store.writePoints(
        Array.from({ length: 40 * 24 }, (_, i) => ({
          seriesId: SERIES,
          ts: now - i * HOUR,
          value: 10 + (i % 24),
        })),
      );
    },
  });

  /** Bucket starts of the table once they are all in a zone at one of `offsets`. */
  const bucketTimes = async (...offsets: string[]) => {
    const rows = app.page.locator('[data-testid=calendar-buckets] tbody th[data-time]');
    const read = async () =>
      (await rows.evaluateAll((ths) => ths.map((th) => th.getAttribute('data-time') ?? ''))).map(wallClock);
    await expect
      .poll(async () => {
        const r = await read();
        return r.length > 0 && r.every((b) => offsets.includes(b.offset));
      })
      .toBe(true);
    return read();
  };

  it('starts weeks on Monday in the site’s zone, then in a chosen zone, and months on the 1st', async () => {
    await app.page.goto(
      `${app.server.url}/#/telemetry?asset=berlin/press&series=${SERIES}&range=30d&bucket=1w`,
    );
    await app.page
      .getByTestId('zone-used')
      .getByText('Days, weeks and months in Europe/Berlin (the site’s zone).')
      .waitFor();
    // Berlin is at +01:00 in winter and +02:00 in summer.
    const berlin = await bucketTimes(
      new Date().getMonth() >= 3 && new Date().getMonth() <= 8 ? '+02:00' : '+01:00',
    ).catch(() => bucketTimes('+02:00'));
    expect(berlin.length).toBeGreaterThanOrEqual(5);
    for (const b of berlin) expect([b.weekday, b.clock]).toEqual([1, '00:00:00']);
    expect(await app.page.locator('[data-testid=calendar-buckets] tbody th').first().textContent()).toMatch(
      /^Mon/,
    );

    await app.page.getByTestId('zone-choice').selectOption('Asia/Shanghai');
    await app.page
      .getByTestId('zone-used')
      .getByText('Days, weeks and months in Asia/Shanghai (chosen).')
      .waitFor();
    const shanghai = await bucketTimes('+08:00');
    for (const b of shanghai) expect([b.weekday, b.clock, b.offset]).toEqual([1, '00:00:00', '+08:00']);
    await app.page.screenshot({ path: artifact('telemetry-weeks.png'), fullPage: true });

    await app.page.getByTestId('bucket-choice').selectOption('1mo');
    await app.page.getByTestId('bucket-source').getByText('calendar month in Asia/Shanghai').waitFor();
    // 30 days touch two or three months; each bucket starts on the 1st at midnight.
    const months = await bucketTimes('+08:00');
    expect(months.length).toBeGreaterThanOrEqual(2);
    for (const m of months) expect([m.day, m.clock]).toEqual([1, '00:00:00']);
    expect(app.page.url()).toMatch(/bucket=1mo/);
    expect(app.page.url()).toMatch(/tz=Asia%2FShanghai/);
    expect(app.pageErrors).toEqual([]);
  }, 60_000);
});
