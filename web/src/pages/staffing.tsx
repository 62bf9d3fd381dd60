/**
 * Staffing: arrivals per shift — typed in, or forecast from a stored series of arrivals — become
 * the fewest servers per shift that answer the target share within the answer time (Erlang C,
 * computed on the server), with the head-count to schedule after shrinkage, the service level,
 * average speed of answer (ASA) and occupancy of each shift.
 */
import { type FormEvent, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';

type StaffingResult = Schema<'StaffingResult'>;

import { DataTable } from '../components/data-table.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useAction } from '../lib/use-action.js';

const EXAMPLE_SHIFTS = 'early, 200\nlate, 120\nnight, 20';

/** "label, arrivals per hour" per line; returns the shifts or the 1-based line that is wrong. */
export function parseShifts(text: string): { label: string; arrivalsPerHour: number }[] | number {
  const out: { label: string; arrivalsPerHour: number }[] = [];
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]?.trim() ?? '';
    if (row === '') continue;
    const m = /^(.+?)[,;\t ]\s*([0-9]*\.?[0-9]+)$/.exec(row);
    if (!m?.[1] || !m[2]) return i + 1;
    out.push({ label: m[1].trim(), arrivalsPerHour: Number(m[2]) });
  }
  return out;
}

export default function StaffingPage() {
  const { t, num, pct, dateTime } = useI18n();
  const [source, setSource] = useState<'entered' | 'series'>('entered');
  const [shifts, setShifts] = useState(EXAMPLE_SHIFTS);
  const [series, setSeries] = useState('');
  const [shiftHours, setShiftHours] = useState('8');
  const [horizon, setHorizon] = useState('3');
  const [serviceMinutes, setServiceMinutes] = useState('3');
  const [serviceLevel, setServiceLevel] = useState('80');
  const [answerSeconds, setAnswerSeconds] = useState('20');
  const [shrinkage, setShrinkage] = useState('30');
  const action = useAction();
  const [result, setResult] = useState<StaffingResult>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    action.clear();
    let body: Schema<'StaffingRequest'> = {
      serviceMinutes: Number(serviceMinutes),
      serviceLevel: Number(serviceLevel) / 100,
      answerMinutes: Number(answerSeconds) / 60,
      shrinkage: Number(shrinkage) / 100,
    };
    if (source === 'entered') {
      const parsed = parseShifts(shifts);
      if (typeof parsed === 'number') {
        action.fail(t('staffing.badLine', { line: parsed }));
        return;
      }
      body = { ...body, shifts: parsed };
    } else
      body = {
        ...body,
        forecast: { series: series.trim(), shiftHours: Number(shiftHours), horizon: Number(horizon) },
      };
    const r = await action.run(() => ok(client.POST('/api/v1/staffing', { body })));
    if (r) setResult(r);
  };

  const numberField = (label: string, value: string, set: (v: string) => void, id: string, unit: string) => (
    <label>
      {label}{' '}
      <input
        type="number"
        step="any"
        min="0"
        value={value}
        onChange={(e) => set(e.target.value)}
        data-testid={id}
        style={{ width: '6em' }}
      />{' '}
      <span className="muted small">{unit}</span>
    </label>
  );

  return (
    <div className="page staffing">
      <h1>{t('staffing.title')}</h1>
      <p className="muted">{t('staffing.intro')}</p>
      <form onSubmit={submit} aria-label={t('staffing.title')}>
        <fieldset>
          <legend>{t('staffing.arrivals')}</legend>
          <label className="check">
            <input
              type="radio"
              name="source"
              checked={source === 'entered'}
              onChange={() => setSource('entered')}
            />{' '}
            {t('staffing.entered')}
          </label>{' '}
          <label className="check">
            <input
              type="radio"
              name="source"
              checked={source === 'series'}
              onChange={() => setSource('series')}
              data-testid="source-series"
            />{' '}
            {t('staffing.fromSeries')}
          </label>
          {source === 'entered' ? (
            <label className="block">
              {t('staffing.shiftsHint')}
              <textarea
                value={shifts}
                onChange={(e) => setShifts(e.target.value)}
                rows={5}
                spellCheck={false}
                className="code"
                data-testid="staffing-shifts"
              />
            </label>
          ) : (
            <div className="toolbar">
              <label>
                {t('common.series')}{' '}
                <input
                  value={series}
                  onChange={(e) => setSeries(e.target.value)}
                  spellCheck={false}
                  placeholder="site/desk/calls"
                  data-testid="staffing-series"
                />
              </label>
              {numberField(t('staffing.shiftHours'), shiftHours, setShiftHours, 'staffing-shift-hours', 'h')}
              {numberField(
                t('staffing.horizon'),
                horizon,
                setHorizon,
                'staffing-horizon',
                t('staffing.shifts'),
              )}
            </div>
          )}
        </fieldset>
        <fieldset className="toolbar">
          <legend>{t('staffing.target')}</legend>
          {numberField(t('staffing.serviceTime'), serviceMinutes, setServiceMinutes, 'staffing-aht', 'min')}
          {numberField(t('staffing.serviceLevel'), serviceLevel, setServiceLevel, 'staffing-sl', '%')}
          {numberField(t('staffing.answerTime'), answerSeconds, setAnswerSeconds, 'staffing-answer', 's')}
          {numberField(t('staffing.shrinkage'), shrinkage, setShrinkage, 'staffing-shrinkage', '%')}
          <button type="submit" disabled={action.busy !== undefined} data-testid="staffing-run">
            {t('staffing.compute')}
          </button>
        </fieldset>
      </form>
      {action.error && <ErrorBox error={action.error} />}
      {result && (
        <section aria-labelledby="staff-h">
          <h2 id="staff-h">{t('staffing.result')}</h2>
          <p className="status" data-testid="staffing-summary">
            {result.summary}
          </p>
          {result.forecast && (
            <p className="muted small">
              {t('staffing.forecastNote', {
                series: result.forecast.series,
                history: result.forecast.history,
                model: result.forecast.model,
              })}
            </p>
          )}
          <DataTable
            testId="staffing-table"
            rows={result.shifts}
            rowKey={(s) => s.label}
            rowProps={(s) => ({ 'data-shift': s.label })}
            columns={[
              {
                key: 'shift',
                header: t('staffing.shift'),
                rowHeader: true,
                cell: (s) => (s.start === null ? s.label : dateTime(s.start)),
              },
              {
                key: 'arrivals',
                header: t('staffing.arrivalsPerHour'),
                num: true,
                cell: (s) => num(s.arrivalsPerHour, 1),
              },
              { key: 'load', header: t('staffing.load'), num: true, cell: (s) => num(s.load, 2) },
              {
                key: 'servers',
                header: t('staffing.servers'),
                num: true,
                className: 'servers',
                cell: (s) => num(s.servers, 0),
              },
              {
                key: 'scheduled',
                header: t('staffing.scheduled'),
                num: true,
                cell: (s) => num(s.scheduled, 0),
              },
              {
                key: 'sl',
                header: t('staffing.serviceLevelCol'),
                num: true,
                cell: (s) => pct(s.serviceLevel, 1),
              },
              {
                key: 'asa',
                header: t('staffing.asa'),
                num: true,
                cell: (s) => t('staffing.seconds', { s: num(s.asaMinutes * 60, 1) }),
              },
              {
                key: 'occupancy',
                header: t('staffing.occupancy'),
                num: true,
                cell: (s) => pct(s.occupancy, 1),
              },
            ]}
          />
        </section>
      )}
    </div>
  );
}
