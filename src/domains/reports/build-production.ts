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
import { chart, reportDoc, table } from './report-blocks.js';
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
  const pcs = { unit: 'pcs' };
  return reportDoc(ctx, 'production', text('Production report', '生产报告'), [
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
      charts: [chart('bar', text('OEE per machine', '各设备 OEE'), 'oee', 'machine', ['oee'])],
      tables: [
        table(
          'oee',
          text('OEE', 'OEE'),
          [
            ['line', L.line],
            ['machine', L.machine],
            ['availability', L.availability, 'ratio'],
            ['performance', L.performance, 'ratio'],
            ['quality', L.quality, 'ratio'],
            ['oee', L.oee, 'ratio'],
            ['produced', L.produced, 'integer', pcs],
            ['good', L.good, 'integer', pcs],
            ['scrap', L.scrap, 'integer', pcs],
            ['apt', L.runTime, 'duration'],
            ['pbt', L.plannedTime, 'duration'],
          ],
          rows,
          text('No machines with an ideal cycle time.', '没有设置理想节拍的设备。'),
        ),
      ],
    },
    {
      title: text('Losses', '损失'),
      charts: [
        chart(
          'bar',
          text('Time lost per machine', '各设备损失时间'),
          'losses',
          'machine',
          ['availability', 'performance', 'quality'],
          { stacked: true },
        ),
      ],
      tables: [
        table(
          'losses',
          text('Time lost to each factor', '各因素损失时间'),
          [
            ['machine', L.machine],
            ['availability', text('Availability loss', '可用率损失'), 'duration'],
            ['performance', text('Performance loss', '性能损失'), 'duration'],
            ['quality', text('Quality loss', '质量损失'), 'duration'],
          ],
          losses,
          L.noRows,
        ),
        table(
          'stops',
          text('Top stop reasons', '主要停机原因'),
          [
            ['machine', L.machine],
            ['reason', text('Reason', '原因')],
            ['time', text('Stop time', '停机时间'), 'duration'],
          ],
          stops.slice(0, 10).map(([m, code, ms]) => {
            const name = MACHINE_STATE_NAMES[code as MachineStateCode] ?? String(code);
            return [m, STATE_TEXT[name] ?? name, ms];
          }),
          L.noRows,
        ),
      ],
    },
  ]);
}
