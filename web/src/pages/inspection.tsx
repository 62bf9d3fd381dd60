/**
 * Visual inspection: per camera the latest images with their class and probability (a defect over
 * its threshold marked), the occlusion heat map of the chosen image over it (the regions whose
 * covering most lowers the predicted class's probability), the defect rate over time, and the
 * cross-validated confusion matrix of each camera's model in production. Refreshed every 5 s.
 * The response types are declared here, beside the one page that reads them.
 */
import { useMemo, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { DataTable } from '../components/data-table.js';
import { Async } from '../components/status.js';
import { type ChartSeries, TimeChart } from '../components/time-chart.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';

type InspectionImage = Schema<'InspectionImage'>;
type InspectionSummary = Schema<'InspectionSummary'>;

const imageUrl = (id: string): string => `/api/v1/images/${encodeURIComponent(id)}/content`;

/** The image with its heat map drawn as translucent cells, strongest red where it mattered most. */
function HeatMapView({ image }: { image: InspectionImage }) {
  const { t, num } = useI18n();
  const h = image.heatmap;
  const max = h ? Math.max(1e-9, ...h.values) : 1;
  return (
    <figure className="inspection-heatmap" data-testid="heatmap">
      <div style={{ position: 'relative', display: 'inline-block', lineHeight: 0 }}>
        <img
          src={imageUrl(image.id)}
          alt={image.asset}
          width={320}
          style={{ aspectRatio: `${image.width} / ${image.height}`, height: 'auto' }}
        />
        {h && (
          <div
            aria-hidden="true"
            style={{
              position: 'absolute',
              inset: 0,
              display: 'grid',
              gridTemplateColumns: `repeat(${h.grid}, 1fr)`,
              gridTemplateRows: `repeat(${h.grid}, 1fr)`,
            }}
          >
            {h.values.map((v, i) => (
              <div
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positions in a fixed grid
                key={i}
                data-value={v}
                style={{ background: `rgba(230, 30, 30, ${(0.6 * v) / max})` }}
              />
            ))}
          </div>
        )}
      </div>
      <figcaption className="small">
        {h ? t('inspection.heatmapCaption', { cls: h.class }) : t('inspection.noHeatmap')}
        {image.prediction && (
          <span className="muted">
            {' · '}
            {image.prediction.top.map(([c, p]) => `${c} ${num(Number(p) * 100, 1)} %`).join(', ')}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

function Confusion({ m }: { m: InspectionSummary['models'][number] }) {
  const { t, num } = useI18n();
  const max = Math.max(1, ...m.confusion.flat());
  // Column j of the matrix: shaded by its share of the largest count, green on the diagonal.
  const predicted = (j: number) => ({
    key: m.labels[j] ?? String(j),
    header: m.labels[j],
    num: true,
    cellProps: (row: readonly number[], i: number) => {
      const v = row[j] ?? 0;
      return {
        style: {
          background: v
            ? `rgba(${i === j ? '40,140,80' : '220,60,40'}, ${0.15 + (0.6 * v) / max})`
            : undefined,
        },
      };
    },
    cell: (row: readonly number[]) => row[j],
  });
  return (
    <DataTable<readonly number[]>
      className="confusion"
      testId="confusion"
      caption={
        <>
          {t('inspection.confusionOf', { model: m.name, version: String(m.version) })}
          {m.cvAccuracy !== null && (
            <span className="muted small">
              {' · '}
              {t('inspection.cvScores', {
                acc: num(m.cvAccuracy * 100, 1),
                f1: num((m.cvMacroF1 ?? 0) * 100, 1),
              })}
            </span>
          )}
        </>
      }
      rows={m.confusion}
      rowKey={(_, i) => m.labels[i] ?? String(i)}
      columns={[
        {
          key: '#true',
          header: t('inspection.trueVsPredicted'),
          rowHeader: true,
          cell: (_, i) => m.labels[i],
        },
        ...m.labels.map((_, j) => predicted(j)),
      ]}
    />
  );
}

export default function InspectionPage() {
  const { t, num, dateTime } = useI18n();
  const state = useApi(
    'inspection',
    (signal) =>
      ok(client.GET('/api/v1/inspection', { params: { query: { perCamera: 8, bucket: '5m' } }, signal })),
    5000,
  );
  const [chosen, setChosen] = useState<string>();
  const rate = useMemo((): ChartSeries[] => {
    const d = state.data?.defectRate ?? [];
    return [
      {
        id: 'defect-rate',
        name: t('inspection.defectRate'),
        unit: '%',
        data: d.map((b) => [b.t, b.images ? (100 * b.defects) / b.images : 0] as const),
      },
    ];
  }, [state.data, t]);
  return (
    <div className="page inspection">
      <h1>{t('inspection.title')}</h1>
      <p className="muted">{t('inspection.intro')}</p>
      <Async state={state} isEmpty={(d) => d.cameras.length === 0} empty={t('inspection.empty')}>
        {(d) => {
          const all = d.cameras.flatMap((c) => c.latest);
          const shown = all.find((i) => i.id === chosen) ?? all.find((i) => i.defect !== null) ?? all[0];
          const span = d.defectRate.length
            ? Math.max(60_000, (d.defectRate[d.defectRate.length - 1]?.t ?? 0) - (d.defectRate[0]?.t ?? 0))
            : 3_600_000;
          return (
            <>
              {d.cameras.map((c) => (
                <section key={c.asset} aria-label={c.asset} data-testid="camera">
                  <h2>
                    {c.asset} <span className="muted small">· {c.model}</span>
                  </h2>
                  {c.latest.length === 0 ? (
                    <p className="muted">{t('inspection.noImages')}</p>
                  ) : (
                    <ul
                      className="inspection-strip"
                      style={{
                        display: 'flex',
                        flexWrap: 'wrap',
                        gap: '0.5rem',
                        listStyle: 'none',
                        padding: 0,
                      }}
                    >
                      {c.latest.map((i) => (
                        <li key={i.id} data-class={i.prediction?.class ?? ''} data-defect={i.defect ?? ''}>
                          <button
                            type="button"
                            aria-pressed={shown?.id === i.id}
                            onClick={() => setChosen(i.id)}
                            style={{
                              padding: 2,
                              background: 'transparent',
                              color: 'inherit',
                              border: i.defect ? '3px solid #d33' : '1px solid #8884',
                              outline: shown?.id === i.id ? '3px solid #2563eb' : 'none',
                              outlineOffset: 2,
                            }}
                          >
                            <img
                              src={imageUrl(i.id)}
                              alt={`${c.asset} ${dateTime(i.ts)}`}
                              width={120}
                              style={{ display: 'block' }}
                            />
                            <span
                              className={`small ${i.defect ? 'score bad' : ''}`}
                              data-testid="image-class"
                            >
                              {i.prediction
                                ? `${i.prediction.class} ${num(i.prediction.probability * 100, 1)} %`
                                : t('inspection.unclassified')}
                            </span>
                            <span className="muted small" style={{ display: 'block' }}>
                              {dateTime(i.ts)}
                            </span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              ))}
              {shown && (
                <section aria-labelledby="heat-h">
                  <h2 id="heat-h">{t('inspection.heatmap')}</h2>
                  <HeatMapView image={shown} />
                </section>
              )}
              <section aria-labelledby="rate-h">
                <h2 id="rate-h">{t('inspection.defectRate')}</h2>
                {d.defectRate.length === 0 ? (
                  <p className="muted">{t('inspection.noRate')}</p>
                ) : (
                  <TimeChart series={rate} span={span} label={t('inspection.defectRate')} height={240} />
                )}
              </section>
              <section aria-labelledby="cm-h">
                <h2 id="cm-h">{t('inspection.confusion')}</h2>
                {d.models.map((m) => (
                  <Confusion key={m.name} m={m} />
                ))}
              </section>
            </>
          );
        }}
      </Async>
    </div>
  );
}
