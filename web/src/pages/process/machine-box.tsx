/**
 * One machine in the diagram: its symbol filled by its live state, name, state and up to three
 * readings with units; the box links to the machine's readings on the telemetry page. A machine
 * silent for 2 minutes shows "unknown".
 */
import type { Schema } from '../../api/client.js';
import { type MessageKey, useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { BOX_H, BOX_W, boxAt } from './layout.js';
import { MachineShape } from './machine-shape.js';
import { STATE_CLASS } from './state-legend.js';
import type { Values } from './use-latest-values.js';

const STALE_MS = 120_000;
/** Readings shown on a machine, in this order of preference. */
const SHOWN = ['current', 'bearing_temp', 'spindle_temp', 'vibration', 'pressure', 'flow', 'parts_total'];

export function MachineBox(props: {
  machine: Schema<'AssetNode'>;
  index: number;
  values: Values;
  unitOf: ReadonlyMap<string, string>;
  now: number;
}) {
  const { t, num } = useI18n();
  const { machine: m, values, unitOf } = props;
  const { x, y } = boxAt(props.index);
  const st = values.get(`${m.id}/state`);
  const stale = !st || props.now - st.ts > STALE_MS;
  const cls = stale ? 'unknown' : (STATE_CLASS[st.value] ?? 'unknown');
  const stateLabel =
    stale || !(st.value in STATE_CLASS) ? t('state.unknown') : t(`state.${st.value}` as MessageKey);
  const shown = SHOWN.map((metric) => ({ metric, id: `${m.id}/${metric}` }))
    .filter((s) => unitOf.has(s.id))
    .slice(0, 3);
  const type = String(m.attributes['type'] ?? m.id.slice(m.id.lastIndexOf('/') + 1));
  return (
    <g className={`machine st-${cls}`} data-machine={m.id} data-state={cls}>
      <a href={href('/telemetry', { asset: m.id, series: shown.map((s) => s.id).join(',') })}>
        <rect x={x} y={y} width={BOX_W} height={BOX_H} rx={8} className="frame" />
        <MachineShape type={type} x={x} y={y} />
        <text x={x + 10} y={y + 16} className="name">
          {m.name}
        </text>
        <text x={x + BOX_W - 10} y={y + BOX_H - 8} textAnchor="end" className="state">
          {stateLabel}
        </text>
        {shown.map((s, k) => {
          const v = values.get(s.id);
          return (
            <text key={s.id} x={x + 10} y={y + 92 + k * 16} className="reading">
              <tspan className="metric">{s.metric}</tspan>
              <tspan x={x + BOX_W - 10} textAnchor="end" data-series={s.id}>
                {v ? num(v.value, 1) : '—'} {unitOf.get(s.id)}
              </tspan>
            </text>
          );
        })}
      </a>
    </g>
  );
}
