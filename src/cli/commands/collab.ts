/**
 * `xinzhi collab …`: supply-chain collaboration (docs/collaboration.md).
 *   collab agree <game.json> --method shapley|nucleolus   every partner signs the split; it goes on the ledger
 *   collab verify <bundle.json>                           re-solve the game and check every signature offline
 *   collab delivery <input.json>                          shared delivery: route every coalition, split the saving
 *   collab capacity <input.json>                          pooled capacity: joint LP plan, Owen shares vs Shapley
 */
import { statSync, writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../core/index.js';
import { textTable } from '../../core/text-table.js';
import { collaboration } from '../../domains/index.js';
import { Solver } from '../../optimize/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { readGame } from './game.js';
import { storeOptions, withLedger } from './ledger/shared.js';
import { readInputFile } from './read-input.js';

/** Largest bundle read: a 16-player game's 65 535 coalitions fit well below it. */
const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

function readBundle(path: string): unknown {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field: path,
      cause: e,
    });
  }
  if (size > MAX_BUNDLE_BYTES)
    throw new XinzhiError('BAD_INPUT', `${path} is ${size} bytes; a bundle is at most ${MAX_BUNDLE_BYTES}`, {
      field: 'bundle',
    });
  try {
    return JSON.parse(readInputFile(path));
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: 'bundle' });
  }
}

const lpSolve = async () => {
  const s = await Solver.load();
  return async (p: Parameters<typeof s.solve>[0]) => s.solve(p);
};

function printCase(ctx: CliContext, r: collaboration.CaseResult, lang: 'en' | 'zh'): void {
  const f = (x: number | undefined) =>
    x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: 2 });
  ctx.stdout(
    `${r.title}: ${r.players.length} partners, ${r.kind === 'cost' ? 'joint cost' : 'joint value'} ${r.currency}${f(r.total)} (${r.note})`,
  );
  const methods = r.allocations.map((a) => a.method);
  ctx.stdout(
    textTable(
      [
        [
          'partner',
          r.kind === 'cost' ? 'alone' : 'alone',
          ...methods,
          ...methods.map((m) => `${m} ${r.kind === 'cost' ? 'saves' : 'gains'}`),
        ],
        ...r.players.map((p) => [
          p,
          f(r.alone[p]),
          ...r.allocations.map((a) => f(a.shares[p])),
          ...r.allocations.map((a) => f(a.gains[p])),
        ]),
      ],
      { right: Array.from({ length: 1 + 2 * methods.length }, (_, i) => i + 1) },
    ).join('\n'),
  );
  if (r.coalitions.length > 0 && r.coalitions.length <= 64)
    ctx.stdout(
      textTable(
        [
          ['coalition', r.kind === 'cost' ? 'cost alone' : 'worth alone', ...methods],
          ...r.coalitions.map((c) => [c.coalition, f(c.value), ...methods.map((m) => f(c.shares[m]))]),
        ],
        { right: Array.from({ length: 1 + methods.length }, (_, i) => i + 1) },
      ).join('\n'),
    );
  if (r.core_empty !== null)
    ctx.stdout(
      r.core_empty
        ? `core: empty (least-core ε = ${f(r.least_core_epsilon ?? 0)}): whatever the split, some group does better on its own`
        : `core: non-empty (least-core ε = ${f(r.least_core_epsilon ?? 0)})`,
    );
  for (const line of r.sentences[lang]) ctx.stdout(line);
}

function readJsonFile(path: string, field: string): unknown {
  try {
    return JSON.parse(readInputFile(path));
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field });
  }
}

export const register = (program: Command, ctx: CliContext): void => {
  const collab = program
    .command('collab')
    .description('supply-chain collaboration: fair shares of joint savings, agreed on the ledger');
  storeOptions(
    collab
      .command('agree <game>')
      .description("split a game's value, have every partner (a ledger organisation) sign it, record it"),
  )
    .requiredOption('--method <m>', 'shapley or nucleolus')
    .option('--org <name>', 'the partner that records it on the ledger (default: the first player)')
    .option('--name <text>', 'a name for the agreement')
    .option('--out <file>', 'write the bundle here (default: print it)')
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (file, o) => {
        if (!(collaboration.AGREEMENT_METHODS as readonly string[]).includes(o.method))
          throw new XinzhiError('BAD_INPUT', `--method is shapley or nucleolus, not '${o.method}'`, {
            field: 'method',
          });
        const g = readGame(file);
        const solve = await lpSolve();
        const bundle = await withLedger(o, (l) =>
          collaboration.agree(l, g, o.method as collaboration.AgreementMethod, solve, {
            ...(o.org === undefined ? {} : { recorder: o.org }),
            ...(o.name === undefined ? {} : { name: o.name }),
          }),
        );
        const text = JSON.stringify(bundle, null, 2);
        if (o.out) {
          writeFileSync(o.out, `${text}\n`);
          ctx.stdout(
            o.json
              ? JSON.stringify({
                  out: o.out,
                  hash: bundle.agreement.hash,
                  index: bundle.ledger?.index ?? null,
                })
              : `agreement ${bundle.agreement.hash} signed by ${bundle.signatures.map((s) => s.org).join(', ')}, recorded at index ${bundle.ledger?.index}; bundle in ${o.out}`,
          );
        } else ctx.stdout(text);
      }),
    );
  collab
    .command('verify <bundle>')
    .description(
      're-compute an agreement from its game and verify every signature and its ledger proof, offline',
    )
    .option('--log-key <key>', "the log's verifier key you trust (else the bundle's own, and it says so)")
    .option('--org-key <key...>', 'partner verifier keys you trust')
    .option('--require-ledger', 'fail when the bundle carries no ledger proof')
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (file, o) => {
        const v = await collaboration.verifyAgreement(readBundle(file), await lpSolve(), {
          ...(o.logKey === undefined ? {} : { trustedLogKey: o.logKey }),
          ...(o.orgKey === undefined ? {} : { trustedOrgKeys: o.orgKey }),
          requireLedger: o.requireLedger === true,
        });
        // As `ledger verify`: an agreement that does not verify is an answer (exit 1), not a usage error.
        if (!v.ok) {
          if (o.json) printJson(ctx, { valid: false, issues: v.issues });
          else ctx.stderr(`INVALID:\n  ${v.issues.map((i) => `${i.where}: ${i.message}`).join('\n  ')}`);
          process.exitCode = 1;
          return;
        }
        if (o.json) return printJson(ctx, { valid: true, ...v.value });
        ctx.stdout(`agreement ${v.value.hash}: OK`);
        for (const c of v.value.checks) ctx.stdout(`  ✓ ${c}`);
        ctx.stdout(
          `  ${v.value.method}: ${Object.entries(v.value.recomputed)
            .map(([p, x]) => `${p} ${x}`)
            .join(', ')}`,
        );
      }),
    );
  collab
    .command('delivery <input>')
    .description(
      'shared delivery: route each coalition of shippers jointly, split the saving (docs/collaboration.md)',
    )
    .option('--iterations <n>', 'routing iterations per coalition (default 800)')
    .option('--samples <n>', 'random orders for Shapley beyond 8 shippers (default 200)')
    .option('--lang <en|zh>', 'language of the sentences (default en)')
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (file, o) => {
        const num = (v: string | undefined, field: string, max: number) => {
          if (v === undefined) return undefined;
          const x = Number(v);
          if (!Number.isInteger(x) || x < 1 || x > max)
            throw new XinzhiError('BAD_INPUT', `--${field} is a whole number from 1 to ${max}`, { field });
          return x;
        };
        const iterations = num(o.iterations, 'iterations', 100_000);
        const samples = num(o.samples, 'samples', 100_000);
        const r = await collaboration.sharedDelivery(readJsonFile(file, 'input'), await lpSolve(), {
          ...(iterations === undefined ? {} : { iterations }),
          ...(samples === undefined ? {} : { samples }),
        });
        if (o.json) return printJson(ctx, r);
        printCase(ctx, r, o.lang === 'zh' ? 'zh' : 'en');
      }),
    );
  collab
    .command('capacity <input>')
    .description('pooled capacity: the joint plan by LP, shared by shadow prices (Owen) and by Shapley')
    .option('--lang <en|zh>', 'language of the sentences (default en)')
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (file, o) => {
        const r = await collaboration.pooledCapacity(readJsonFile(file, 'input'), await lpSolve());
        if (o.json) return printJson(ctx, r);
        printCase(ctx, r, o.lang === 'zh' ? 'zh' : 'en');
      }),
    );
};
