/**
 * Staffing: arrivals per shift — typed in, or forecast from a stored series of arrivals — become
 * the fewest servers per shift that answer the target share within the answer time (Erlang C,
 * computed on the server), with the head-count to schedule after shrinkage, the service level,
 * average speed of answer (ASA) and occupancy of each shift.
 */
import { type FormEvent, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';

type StaffingResult = Schema<'StaffingResult'>;

import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [result, setResult] = useState<StaffingResult>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    let body: Schema<'StaffingRequest'> = {
      serviceMinutes: Number(serviceMinutes),
      serviceLevel: Number(serviceLevel) / 100,
      answerMinutes: Number(answerSeconds) / 60,
      shrinkage: Number(shrinkage) / 100,
    };
    if (source === 'entered') {
      const parsed = parseShifts(shifts);
      if (typeof parsed === 'number') {
        setError(new Error(t('staffing.badLine', { line: parsed })));
        return;
      }
      body = { ...body, shifts: parsed };
    } else
      body = {
        ...body,
        forecast: { series: series.trim(), shiftHours: Number(shiftHours), horizon: Number(horizon) },
      };
    setBusy(true);
    try {
      setResult(await ok(client.POST('/api/v1/staffing', { body })));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
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
          <button type="submit" disabled={busy} data-testid="staffing-run">
            {t('staffing.compute')}
          </button>
        </fieldset>
      </form>
      {error && <ErrorBox error={error} />}
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
          <div className="table-wrap">
            <table className="data" data-testid="staffing-table">
              <thead>
                <tr>
                  <th scope="col">{t('staffing.shift')}</th>
                  <th scope="col">{t('staffing.arrivalsPerHour')}</th>
                  <th scope="col">{t('staffing.load')}</th>
                  <th scope="col">{t('staffing.servers')}</th>
                  <th scope="col">{t('staffing.scheduled')}</th>
                  <th scope="col">{t('staffing.serviceLevelCol')}</th>
                  <th scope="col">{t('staffing.asa')}</th>
                  <th scope="col">{t('staffing.occupancy')}</th>
                </tr>
              </thead>
              <tbody>
                {result.shifts.map((s) => (
                  <tr key={s.label} data-shift={s.label}>
                    <th scope="row">{s.start === null ? s.label : dateTime(s.start)}</th>
                    <td className="num">{num(s.arrivalsPerHour, 1)}</td>
                    <td className="num">{num(s.load, 2)}</td>
                    <td className="num servers">{num(s.servers, 0)}</td>
                    <td className="num">{num(s.scheduled, 0)}</td>
                    <td className="num">{pct(s.serviceLevel, 1)}</td>
                    <td className="num">{t('staffing.seconds', { s: num(s.asaMinutes * 60, 1) })}</td>
                    <td className="num">{pct(s.occupancy, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
