/** `xinzhi agri fertilise`: least-cost fertiliser plan per field. */
import type { Command } from '@commander-js/extra-typings';
import { agriculture as agri } from '../../../domains/index.js';
import { Solver } from '../../../optimize/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { readJson, table, unwrap } from './input.js';

export function registerFertilise(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('fertilise')
    .alias('fertilize')
    .description(
      'least-cost fertiliser plan per field (LP; MILP with whole bags; format: docs/agriculture.md)',
    )
    .argument('<plan.json>', 'fields with nutrient requirements, products with analyses and prices')
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, opts) => {
        const solver = await Solver.load();
        const r = unwrap(
          await agri.planFertiliser(readJson(file, '<plan.json>'), (p, o) => solver.solve(p, o)),
        );
        if (opts.json) return printJson(ctx, r);
        ctx.stdout(
          `${r.name}: ${r.message}${r.totalCost !== null ? ` Total ${r.currency}${r.totalCost}.` : ''}`,
        );
        if (r.conflict) ctx.stdout(r.conflict);
        for (const f of r.fields) {
          ctx.stdout(`\nfield ${f.id} (${f.areaHa} ha): ${r.currency}${f.cost}`);
          table(
            ctx,
            ['product', 'kg/ha', 'total kg', 'bags', 'cost', 'by application (kg/ha)'],
            f.products.map((p) => [
              p.product,
              p.kgPerHa.toFixed(1),
              p.totalKg.toFixed(1),
              p.bags !== undefined ? String(p.bags) : '—',
              p.cost.toFixed(2),
              Object.entries(p.byApplication)
                .map(([a, v]) => `${a} ${v}`)
                .join(', '),
            ]),
          );
          table(
            ctx,
            ['nutrient', 'min', 'max', 'supplied', 'binding'],
            f.nutrients.map((n) => [
              n.nutrient,
              n.min === null ? '—' : n.min.toFixed(1),
              n.max === null ? '—' : n.max.toFixed(1),
              n.suppliedKgHa.toFixed(1),
              n.binding ?? '',
            ]),
          );
        }
        if (r.sensitivity.length) ctx.stdout(['', ...r.sensitivity.map((s) => `· ${s}`)].join('\n'));
      }),
    );
}
