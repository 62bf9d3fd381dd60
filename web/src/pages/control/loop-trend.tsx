/** PV, SP and OP of the loop's recent history on one time chart (OP on its own % axis). */
import { useMemo } from 'react';
import type { Answer } from '../../api/client.js';
import { TimeChart } from '../../components/time-chart.js';
import { useI18n } from '../../i18n/i18n.js';

type Sample = Answer<'/api/v1/control/loops/{id}/history'>['samples'][number];

export function LoopTrend({ samples, unit }: { samples: readonly Sample[] | undefined; unit: string }) {
  const { t } = useI18n();
  const series = useMemo(() => {
    const s = samples ?? [];
    return [
      {
        id: 'pv',
        name: t('control.pv'),
        unit,
        data: s.filter((x) => x.pv !== null).map((x) => [x.ts, x.pv as number] as const),
      },
      { id: 'sp', name: t('control.sp'), unit, data: s.map((x) => [x.ts, x.sp] as const) },
      { id: 'op', name: t('control.op'), unit: '%', data: s.map((x) => [x.ts, x.op] as const) },
    ];
  }, [samples, t, unit]);
  const s = samples ?? [];
  const span = s.length > 1 ? (s[s.length - 1]?.ts ?? 0) - (s[0]?.ts ?? 0) : 60_000;
  return <TimeChart series={series} span={span} label={t('control.trend')} height={320} />;
}
