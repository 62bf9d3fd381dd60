/**
 * `xinzhi collab …`: supply-chain collaboration (docs/collaboration.md).
 *   collab agree <game.json> --method shapley|nucleolus   every partner signs the split; it goes on the ledger
 *   collab verify <bundle.json>                           re-solve the game and check every signature offline
 */
import { statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { XinzhiError } from '../../core/index.js';
import { collaboration } from '../../domains/index.js';
import { Solver } from '../../optimize/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { readGame } from './game.js';
import { dbOption, withLedger } from './ledger.js';
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

export const register = (program: Command, ctx: CliContext): void => {
  const collab = program
    .command('collab')
    .description('supply-chain collaboration: fair shares of joint savings, agreed on the ledger');
  dbOption(
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
      action(
        ctx,
        async (
          file: string,
          o: { method: string; org?: string; name?: string; out?: string; db?: string; json?: boolean },
        ) => {
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
        },
      ),
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
      action(
        ctx,
        async (
          file: string,
          o: { logKey?: string; orgKey?: string[]; requireLedger?: boolean; json?: boolean },
        ) => {
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
        },
      ),
    );
};
