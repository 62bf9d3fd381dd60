/**
 * Field-operation scheduling as a MILP on the optimize engine: which machine and operator do
 * which job on which day, inside the crop-stage window and the weather's, within daily hours.
 *
 * h[j,m,o,d] ≥ 0 machine-hours of job j by machine m with operator o on day d, only where the
 * machine can do the job type, the operator has the skill, d is inside [earliest, horizon) and the
 * weather allows the type that day. Binaries: z[j,m] (the job's one machine), w[j,d] (job worked on
 * day d), u[j] (job left undone). Σ h = hours·(1 − u); Σ_m z = 1 − u; Σ_o h[j,m,·,d] ≤ cap·z[j,m];
 * Σ h[j,·,·,d] ≤ hours·w[j,d]; C[j] ≥ (d+1)·w[j,d] (completion = end of the last day worked);
 * L[j] ≥ C[j] − (latest+1); per machine and day Σ h ≤ its hours, per operator and day Σ h ≤ its
 * hours. Minimise Σ priority·(C + latenessWeight·L + unscheduledCost·u).
 */
import { fail, type Issue, issuesFromZod, ok, type Result } from '../../../core/index.js';
import { expr, type LinExpr, ModelBuilder, type Var } from '../../../optimize/index.js';
import type { SolveFn } from '../solve-fn.js';
import { daysAfterPlanting } from '../water/field.js';
import type { OperationsSchedule, ScheduledWork } from './operations-schedule-schema.js';
import { type OperationsInput, operationsSchema } from './operations-schema.js';

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Why the weather rules out a job type on day d, or null when it does not. */
export function weatherBlock(type: string, d: number, input: OperationsInput): string | null {
  const w = input.weather;
  const day = w[d]!;
  const rules = input.rules;
  if (type === 'spray') {
    if (day.windMs > rules.sprayMaxWindMs) return `wind ${day.windMs} m/s > ${rules.sprayMaxWindMs}`;
    const next = w[d + 1];
    if (day.rainMm > rules.sprayRainMm) return `rain ${day.rainMm} mm forecast`;
    if (next && next.rainMm > rules.sprayRainMm) return `rain ${next.rainMm} mm forecast within 24 h`;
  }
  if (type === 'harvest') {
    if (day.rainMm > rules.harvestRainMm) return `rain ${day.rainMm} mm > ${rules.harvestRainMm}`;
    const prev = w[d - 1];
    if (prev && prev.rainMm > rules.harvestRainMm) return `rain ${prev.rainMm} mm the day before`;
  }
  return null;
}

export function parseOperations(json: unknown): Result<OperationsInput> {
  const parsed = operationsSchema.safeParse(json);
  if (!parsed.success) return fail(...issuesFromZod(parsed.error, { code: 'BAD_INPUT', root: '(root)' }));
  const input = parsed.data;
  const issues: Issue[] = [];
  input.weather.forEach((w, i) => {
    if (i > 0 && daysAfterPlanting(input.weather[i - 1]!.date, w.date) !== 1)
      issues.push({
        code: 'BAD_INPUT',
        message: 'weather days must be consecutive',
        where: `weather.${i}.date`,
      });
  });
  const dup = (list: readonly { id: string }[], what: string): void => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id))
        issues.push({ code: 'BAD_INPUT', message: `duplicate id '${x.id}'`, where: `${what}.${i}.id` });
      seen.add(x.id);
    });
  };
  dup(input.machines, 'machines');
  dup(input.operators, 'operators');
  dup(input.jobs, 'jobs');
  input.jobs.forEach((j, i) => {
    if (j.earliest && j.latest && j.latest < j.earliest)
      issues.push({ code: 'BAD_INPUT', message: 'latest is before earliest', where: `jobs.${i}.latest` });
    if (!input.machines.some((m) => m.can.includes(j.type)))
      issues.push({ code: 'BAD_INPUT', message: `no machine can do '${j.type}'`, where: `jobs.${i}.type` });
    if (!input.operators.some((o) => o.skills.includes(j.type)))
      issues.push({
        code: 'BAD_INPUT',
        message: `no operator is skilled for '${j.type}'`,
        where: `jobs.${i}.type`,
      });
  });
  return issues.length ? fail(...issues) : ok(input);
}

/** Parses and solves an operations file. */
export async function scheduleOperations(json: unknown, solve: SolveFn): Promise<Result<OperationsSchedule>> {
  const parsed = parseOperations(json);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const days = input.weather.length;
  const start = input.weather[0]!.date;
  const idx = (date: string): number => daysAfterPlanting(start, date);
  const m = new ModelBuilder('operations');
  const obj = expr();
  // Default: dropping a job costs more than finishing it on the last day, however late.
  const unscheduledCost = input.options.unscheduledCost ?? (1 + input.options.latenessWeight) * (days + 1);
  const machineDay: LinExpr[][] = input.machines.map(() => Array.from({ length: days }, () => expr()));
  const operatorDay: LinExpr[][] = input.operators.map(() => Array.from({ length: days }, () => expr()));
  const hVars: { j: number; mi: number; oi: number; d: number; v: Var }[] = [];
  const zVars: Var[][] = [];
  const uVars: Var[] = [];
  let binaries = 0;
  input.jobs.forEach((job, j) => {
    const first = Math.max(0, job.earliest ? idx(job.earliest) : 0);
    const latest = job.latest ? idx(job.latest) : days - 1;
    const u = m.addVar(`u_${j}`, { binary: true });
    const c = m.addVar(`c_${j}`);
    const late = m.addVar(`late_${j}`);
    binaries++;
    uVars.push(u);
    obj
      .add(c, job.priority)
      .add(late, job.priority * input.options.latenessWeight)
      .add(u, job.priority * unscheduledCost);
    m.addConstraint(`late_${j}`, expr(late).sub(c), '>=', -(latest + 1));
    const all = expr();
    const zs: Var[] = [];
    const oneMachine = expr(u);
    input.machines.forEach((mac, mi) => {
      const z = m.addVar(`z_${j}_${mi}`, { binary: true, upper: mac.can.includes(job.type) ? 1 : 0 });
      binaries++;
      zs.push(z);
      oneMachine.add(z);
    });
    zVars.push(zs);
    m.addConstraint(`assign_${j}`, oneMachine, '=', 1);
    for (let d = first; d < days; d++) {
      if (weatherBlock(job.type, d, input)) continue;
      const dayWork = expr();
      input.machines.forEach((mac, mi) => {
        if (!mac.can.includes(job.type) || mac.hoursPerDay <= 0) return;
        const onMachine = expr();
        input.operators.forEach((op, oi) => {
          if (!op.skills.includes(job.type) || op.hoursPerDay <= 0) return;
          const v = m.addVar(`h_${j}_${mi}_${oi}_${d}`);
          hVars.push({ j, mi, oi, d, v });
          onMachine.add(v);
          machineDay[mi]![d]!.add(v);
          operatorDay[oi]![d]!.add(v);
        });
        m.addConstraint(
          `onz_${j}_${mi}_${d}`,
          expr(onMachine).sub(zs[mi]!, Math.min(job.hours, mac.hoursPerDay)),
          '<=',
          0,
        );
        dayWork.add(onMachine);
      });
      if (dayWork.coeffs.size === 0) continue;
      const w = m.addVar(`w_${j}_${d}`, { binary: true });
      binaries++;
      m.addConstraint(`worked_${j}_${d}`, expr(dayWork).sub(w, job.hours), '<=', 0);
      m.addConstraint(`done_${j}_${d}`, expr(c).sub(w, d + 1), '>=', 0);
      all.add(dayWork);
    }
    m.addConstraint(`hours_${j}`, all.add(u, job.hours), '=', job.hours);
  });
  input.machines.forEach((mac, mi) => {
    machineDay[mi]!.forEach((e, d) => {
      if (e.coeffs.size) m.addConstraint(`mach_${mi}_${d}`, e, '<=', mac.hoursPerDay);
    });
  });
  input.operators.forEach((op, oi) => {
    operatorDay[oi]!.forEach((e, d) => {
      if (e.coeffs.size) m.addConstraint(`oper_${oi}_${d}`, e, '<=', op.hoursPerDay);
    });
  });
  m.minimize(obj);
  const r = await solve(m.build(), { timeLimit: input.options.timeLimit, mipGap: input.options.mipGap });
  const val = (v: Var): number => r.values[v.index] ?? 0;
  const work: ScheduledWork[] = [];
  if (r.hasSolution)
    for (const h of hVars) {
      const x = val(h.v);
      if (x > 1e-6) {
        const job = input.jobs[h.j]!;
        work.push({
          date: input.weather[h.d]!.date,
          job: job.id,
          type: job.type,
          ...(job.field !== undefined ? { field: job.field } : {}),
          machine: input.machines[h.mi]!.id,
          operator: input.operators[h.oi]!.id,
          hours: r2(x),
        });
      }
    }
  const jobs = input.jobs.map((job, j) => {
    const mine = work.filter((w) => w.job === job.id);
    const unscheduled = !r.hasSolution || val(uVars[j]!) > 0.5;
    const lastDate = mine.reduce<string | null>((s, w) => (s === null || w.date > s ? w.date : s), null);
    const latest = job.latest ? idx(job.latest) : days - 1;
    const daysLate = lastDate ? Math.max(0, idx(lastDate) - latest) : 0;
    const first = Math.max(0, job.earliest ? idx(job.earliest) : 0);
    const blocked: { date: string; reason: string }[] = [];
    for (let d = first; d <= Math.min(latest, days - 1); d++) {
      const why = weatherBlock(job.type, d, input);
      if (why) blocked.push({ date: input.weather[d]!.date, reason: why });
    }
    const zi = zVars[j]!.findIndex((z) => val(z) > 0.5);
    return {
      id: job.id,
      type: job.type,
      state: unscheduled ? ('unscheduled' as const) : daysLate > 0 ? ('late' as const) : ('on-time' as const),
      machine: unscheduled || zi < 0 ? null : input.machines[zi]!.id,
      completionDate: unscheduled ? null : lastDate,
      daysLate,
      hours: job.hours,
      blocked,
    };
  });
  const machines = input.machines.map((mac) => ({
    id: mac.id,
    days: input.weather
      .map((w) => {
        const list = work.filter((x) => x.machine === mac.id && x.date === w.date);
        return { date: w.date, hours: r2(list.reduce((s, x) => s + x.hours, 0)), work: list };
      })
      .filter((d) => d.work.length > 0),
  }));
  return ok({
    status: r.status,
    message: r.message,
    objective: r.objective,
    jobs,
    machines,
    model: { variables: m.numVars, constraints: m.numConstraints, binaries },
  });
}
