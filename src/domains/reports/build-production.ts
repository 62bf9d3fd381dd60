/**
 * The production report: OEE per line and machine after ISO 22400 (A × P × Q) — the figures of
 * `GET /api/v1/oee` / `xinzhi oee` for the same window (the same `oeeReport`) — the time lost to
 * each of the three factors, output and scrap, and the longest stops by machine state.
 */
import {
  MACHINE_STATE,
  MACHINE_STATE_NAMES,
  type MachineStateCode,
  oeeReport,
} from '../manufacturing/index.js';
import { L } from './labels.js';
import type { ReportContext } from './report-context.js';
import { type Cell, type ReportDoc, type Text, text } from './report-doc.js';

const STATE_TEXT: Readonly<Record<string, Text>> = {
  idle: text('idle / short stop', '空闲/短停'),
  down: text('down (failure)', '故障停机'),
  'planned-stop': text('planned stop', '计划停机'),
};

/** Time per stop state of one machine within [from, to), from its `state` series. */
async function stopTimes(ctx: ReportContext, machine: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const id = `${machine}/state`;
  if (!(await ctx.store.getSeries(id))) return out;
  // The state in force at `from` is the last sample of the 15 minutes before (as OEE reads it).
  const all = await ctx.store.queryPoints(id, { from: ctx.from - 15 * 60_000, to: ctx.to });
  let first = 0;
  while (first + 1 < all.length && all[first + 1]!.ts <= ctx.from) first++;
  const pts = all.slice(first);
  for (let i = 0; i < pts.length; i++) {
    const code = pts[i]!.value;
    if (code === MACHINE_STATE.RUN || code === MACHINE_STATE.OFF) continue;
    const start = Math.max(ctx.from, pts[i]!.ts);
    const end = Math.min(ctx.to, pts[i + 1]?.ts ?? ctx.to);
    if (end > start) out.set(code, (out.get(code) ?? 0) + end - start);
  }
  return out;
}

export async function buildProductionReport(ctx: ReportContext): Promise<ReportDoc> {
  const r = await oeeReport(ctx.store, { root: ctx.asset, from: ctx.from, to: ctx.to });
  const rows: Cell[][] = [];
  const losses: Cell[][] = [];
  const stops: Array<[string, number, number]> = [];
  let pq = 0;
  let gq = 0;
  for (const line of r.lines) {
    if (line.group) {
      const g = line.group;
      rows.push([
        line.id,
        text('(whole line)', '（整线）'),
        g.availability,
        g.effectiveness,
        g.quality,
        g.oee,
        g.pq,
        g.gq,
        g.pq - g.gq,
        g.apt,
        g.pbt,
      ]);
    }
    for (const m of line.machines) {
      pq += m.pq;
      gq += m.gq;
      rows.push([
        line.id,
        m.id,
        m.availability,
        m.effectiveness,
        m.quality,
        m.oee,
        m.pq,
        m.gq,
        m.pq - m.gq,
        m.apt,
        m.pbt,
      ]);
      const p = m.effectiveness ?? 0;
      const q = m.quality ?? 0;
      losses.push([m.id, m.pbt - m.apt, m.apt * (1 - p), m.apt * p * (1 - q)]);
      for (const [code, ms] of await stopTimes(ctx, m.id)) stops.push([m.id, code, ms]);
    }
  }
  stops.sort((a, b) => b[2] - a[2]);
  const lineOee = r.lines.map((l) => l.group?.oee ?? null).filter((x): x is number => x !== null);
  return {
    type: 'production',
    title: text('Production report', '生产报告'),
    site: ctx.site,
    timeZone: ctx.zone.name,
    from: ctx.from,
    to: ctx.to,
    generatedAt: ctx.now,
    sections: [
      {
        title: text('OEE per line and machine (ISO 22400)', '各产线与设备 OEE（ISO 22400）'),
        paragraphs: [
          text(
            'OEE = availability × performance × quality. Availability = actual production time / planned busy time; performance = ideal cycle time × produced / actual production time; quality = good / produced.',
            'OEE = 可用率 × 性能率 × 质量率。可用率 = 实际生产时间 / 计划运行时间；性能率 = 理想节拍 × 产量 / 实际生产时间；质量率 = 良品 / 产量。',
          ),
        ],
        facts: [
          { label: L.produced, value: pq },
          { label: L.good, value: gq },
          { label: L.scrap, value: pq - gq },
          {
            label: text('Best line OEE', '最佳产线 OEE'),
            value: lineOee.length ? `${(Math.max(...lineOee) * 100).toFixed(1)} %` : '—',
          },
        ],
        charts: [
          {
            title: text('OEE per machine', '各设备 OEE'),
            kind: 'bar',
            table: 'oee',
            x: 'machine',
            y: ['oee'],
          },
        ],
        tables: [
          {
            id: 'oee',
            title: text('OEE', 'OEE'),
            columns: [
              { key: 'line', label: L.line, kind: 'text' },
              { key: 'machine', label: L.machine, kind: 'text' },
              { key: 'availability', label: L.availability, kind: 'ratio' },
              { key: 'performance', label: L.performance, kind: 'ratio' },
              { key: 'quality', label: L.quality, kind: 'ratio' },
              { key: 'oee', label: L.oee, kind: 'ratio' },
              { key: 'produced', label: L.produced, kind: 'integer', unit: 'pcs' },
              { key: 'good', label: L.good, kind: 'integer', unit: 'pcs' },
              { key: 'scrap', label: L.scrap, kind: 'integer', unit: 'pcs' },
              { key: 'apt', label: L.runTime, kind: 'duration' },
              { key: 'pbt', label: L.plannedTime, kind: 'duration' },
            ],
            rows,
            empty: text('No machines with an ideal cycle time.', '没有设置理想节拍的设备。'),
          },
        ],
      },
      {
        title: text('Losses', '损失'),
        charts: [
          {
            title: text('Time lost per machine', '各设备损失时间'),
            kind: 'bar',
            table: 'losses',
            x: 'machine',
            y: ['availability', 'performance', 'quality'],
            stacked: true,
          },
        ],
        tables: [
          {
            id: 'losses',
            title: text('Time lost to each factor', '各因素损失时间'),
            columns: [
              { key: 'machine', label: L.machine, kind: 'text' },
              { key: 'availability', label: text('Availability loss', '可用率损失'), kind: 'duration' },
              { key: 'performance', label: text('Performance loss', '性能损失'), kind: 'duration' },
              { key: 'quality', label: text('Quality loss', '质量损失'), kind: 'duration' },
            ],
            rows: losses,
            empty: L.noRows,
          },
          {
            id: 'stops',
            title: text('Top stop reasons', '主要停机原因'),
            columns: [
              { key: 'machine', label: L.machine, kind: 'text' },
              { key: 'reason', label: text('Reason', '原因'), kind: 'text' },
              { key: 'time', label: text('Stop time', '停机时间'), kind: 'duration' },
            ],
            rows: stops.slice(0, 10).map(([m, code, ms]) => {
              const name = MACHINE_STATE_NAMES[code as MachineStateCode] ?? String(code);
              return [m, STATE_TEXT[name] ?? name, ms];
            }),
            empty: L.noRows,
          },
        ],
      },
    ],
  };
}
