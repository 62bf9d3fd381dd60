/**
 * The command box of the fleet and farm pages: an instruction in words (zh/en) goes to
 * `POST /ask`; the text comes back with the span of each parsed field highlighted, the fields
 * and the engine draft can be edited, and confirming sends a delivery order to the delivery
 * planner (`POST /logistics/plans/{id}/orders`, re-planned there) or a field job to the
 * field-operation scheduler (`POST /ask/field-schedule`), whose plan for the job is shown.
 */
import { Fragment, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { useAction } from '../lib/use-action.js';

export type AskResponse = Schema<'AskResponse'>;
type AskHighlight = AskResponse['highlights'][number];
type AskOrderDraft = NonNullable<AskResponse['order']>;
/** A field job as the scheduler takes it: the draft the user may have edited, checked by the server. */
type FieldJob = Schema<'AskFieldScheduleRequest'>['jobs'][number];

/** `now` as the contract wants it: local wall-clock time with the browser's offset. */
export function localIsoNow(d = new Date()): string {
  const off = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(off);
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The text cut into plain and highlighted pieces (overlaps: the first span wins). */
export function segments(text: string, hl: readonly AskHighlight[]): { text: string; field?: string }[] {
  const spans = [...hl].filter((h) => h.to > h.from).sort((a, b) => a.from - b.from);
  const out: { text: string; field?: string }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.from < at) continue;
    if (s.from > at) out.push({ text: text.slice(at, s.from) });
    out.push({ text: text.slice(s.from, s.to), field: s.field });
    at = s.to;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/** Where piece i starts in the text: the key of its element. */
const offsetOf = (all: readonly { text: string }[], i: number): number =>
  all.slice(0, i).reduce((a, x) => a + x.text.length, 0);

/** Flat `path → value` pairs of the parsed result, for the edit table. */
export function flatten(v: unknown, prefix = ''): [string, string][] {
  if (v === null || typeof v !== 'object') return [[prefix, v === null || v === undefined ? '' : String(v)]];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
    flatten(x, prefix ? `${prefix}.${k}` : k),
  );
}

export function CommandBox({ mode, planId }: { mode: 'delivery' | 'field_op'; planId?: string | undefined }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const action = useAction();
  const [res, setRes] = useState<AskResponse>();
  const [fields, setFields] = useState<[string, string][]>([]);
  const [draft, setDraft] = useState<string>('');
  const [done, setDone] = useState<string>();
  const [schedule, setSchedule] = useState<readonly string[]>([]);

  const parse = async () => {
    setDone(undefined);
    const r = await action.run(() => ok(client.POST('/api/v1/ask', { body: { text, now: localIsoNow() } })));
    if (!r) return;
    setRes(r);
    setFields(flatten(r.result).filter(([k]) => k !== 'kind'));
    const d = r.order ?? r.job;
    setDraft(d ? JSON.stringify(d, null, 2) : '');
  };

  const confirm = async () => {
    action.clear();
    let d: unknown;
    try {
      d = JSON.parse(draft);
    } catch {
      action.fail(t('ask.badDraft'));
      return;
    }
    if (mode === 'delivery') {
      if (!planId) {
        action.fail(t('ask.noPlan'));
        return;
      }
      const { geocode: _g, ...order } = d as AskOrderDraft;
      await action.run(async () => {
        await ok(
          client.POST('/api/v1/logistics/plans/{id}/orders', {
            params: { path: { id: planId } },
            body: { orders: [order] },
          }),
        );
        setDone(t('ask.added', { plan: planId }));
      });
    } else {
      const job = d as FieldJob;
      await action.run(async () => {
        const r = await ok(
          client.POST('/api/v1/ask/field-schedule', {
            body: { jobs: [job], from: job.earliest ?? localIsoNow().slice(0, 10) },
          }),
        );
        const j = r.schedule.jobs.find((x) => x.id === job.id);
        setDone(
          t('ask.scheduled', {
            state: j?.state ?? '?',
            date: j?.completionDate ?? '-',
            machine: j?.machine ?? '-',
            message: r.schedule.message,
          }),
        );
        setSchedule(r.explanation);
      });
    }
  };

  const kindOk = res && (res.result.kind === mode || res.result.kind === 'invalid');
  return (
    <section className="command-box" data-testid="command-box">
      <h2>{t(mode === 'delivery' ? 'ask.titleDelivery' : 'ask.titleField')}</h2>
      <textarea
        value={text}
        maxLength={2000}
        rows={2}
        placeholder={t(mode === 'delivery' ? 'ask.placeholderDelivery' : 'ask.placeholderField')}
        onChange={(e) => setText(e.target.value)}
        aria-label={t('ask.instruction')}
      />
      <div className="toolbar">
        <button type="button" disabled={action.busy !== undefined || !text.trim()} onClick={parse}>
          {t('ask.parse')}
        </button>
      </div>
      {action.error && <p className="error">{action.error.message}</p>}
      {res && (
        <>
          <p className="ask-text" data-testid="ask-highlighted">
            {segments(text, res.highlights).map((s, i, all) =>
              s.field ? (
                <mark key={offsetOf(all, i)} className={`ask-${s.field}`} title={s.field}>
                  {s.text}
                </mark>
              ) : (
                <Fragment key={offsetOf(all, i)}>{s.text}</Fragment>
              ),
            )}
          </p>
          <p>
            {t('ask.kind')}: <strong>{res.result.kind}</strong>
            {!kindOk && <span className="error"> · {t('ask.otherPage')}</span>}
          </p>
          <table className="ask-fields">
            <tbody>
              {fields.map(([k, v], i) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td>
                    <input
                      value={v}
                      onChange={(e) => setFields((f) => f.map((x, j) => (j === i ? [k, e.target.value] : x)))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {res.explanation.length > 0 && (
            <ul className="ask-explanation">
              {res.explanation.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          )}
          {draft && (
            <>
              <label>
                {t(mode === 'delivery' ? 'ask.orderDraft' : 'ask.jobDraft')}
                <textarea value={draft} rows={6} onChange={(e) => setDraft(e.target.value)} />
              </label>
              <div className="toolbar">
                <button type="button" onClick={confirm} disabled={!kindOk}>
                  {t('ask.confirm')}
                </button>
              </div>
            </>
          )}
          {done && <p className="ok">{done}</p>}
          {schedule.length > 0 && (
            <ul className="ask-explanation">
              {schedule.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
