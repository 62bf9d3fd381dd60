/**
 * `xinzhi ledger …`: organisations, signed EPCIS appends, checkpoints, proofs, offline bundle
 * verification, audit, and sending checkpoints to witnesses. Works on `store.ledger` of the main
 * store (`--db`, else $XINZHI_DB, else ./xinzhi.db), the same database `xinzhi serve` uses.
 */
import { readFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { issuesError, XinzhiError } from '../../core/index.js';
import {
  type AppendResult,
  formatAddCheckpointBody,
  fromHex,
  Ledger,
  parseEpcisText,
  verifyBundle,
} from '../../ledger/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions } from '../open-store.js';

export async function withLedger<T>(
  opts: { db?: string; origin?: string; secretKeyFile?: string },
  fn: (l: Ledger) => Promise<T>,
): Promise<T> {
  const store = await openStoreFromOptions({ db: opts.db, secretKeyFile: opts.secretKeyFile });
  try {
    const ledger = await Ledger.open(
      { store: store.ledger },
      opts.origin === undefined ? {} : { origin: opts.origin },
    );
    return await fn(ledger);
  } finally {
    await store.close();
  }
}

function readText(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, { field, cause: e });
  }
}

export const dbOption = (c: Command): Command =>
  c
    .option('--db <path>', 'SQLite database file (default $XINZHI_DB, else ./xinzhi.db)')
    .option(
      '--secret-key-file <path>',
      'key that encrypts the signing keys in the database (default $XINZHI_SECRET_KEY, else <db>.key)',
    );

function orgCommands(ledger: Command, ctx: CliContext): void {
  const org = ledger.command('org').description('organisations and their signing keys');
  const show = (info: unknown, json: boolean, text: string) =>
    json ? printJson(ctx, info) : ctx.stdout(text);
  dbOption(org.command('create <name>').description('create an organisation with a new Ed25519 key'))
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (name: string, o: { db?: string; json?: boolean }) => {
        const info = await withLedger(o, (l) => l.createOrg(name));
        show(info, !!o.json, `${info.name} ${info.id}\n${info.public_key}`);
      }),
    );
  dbOption(org.command('rotate <name>').description('retire the current key and make a new one'))
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (name: string, o: { db?: string; json?: boolean }) => {
        const info = await withLedger(o, (l) => l.rotateOrgKey(name));
        show(info, !!o.json, `${info.name} now signs with ${info.public_key}`);
      }),
    );
  dbOption(
    org
      .command('register <name> <verifierKey>')
      .description("register a partner's public key (it signs elsewhere)"),
  )
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (name: string, key: string, o: { db?: string; json?: boolean }) => {
        const info = await withLedger(o, (l) => l.registerOrg(name, key));
        show(info, !!o.json, `${info.name} ${info.id}\n${info.public_key}`);
      }),
    );
  dbOption(org.command('list').description('list organisations and keys'))
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o: { db?: string; json?: boolean }) => {
        const list = await withLedger(o, (l) => l.listOrgs());
        show(
          list,
          !!o.json,
          list.map((i) => `${i.name}\t${i.id}\t${i.public_key}`).join('\n') || '(no organisations)',
        );
      }),
    );
}

/** Registers the command (typed as `RegisterCommand`; not imported from index.ts to avoid an import cycle). */
export const register = (program: Command, ctx: CliContext): void => {
  const ledger = program
    .command('ledger')
    .description('the signed supply-chain ledger: RFC 9162 log of GS1 EPCIS 2.0 events');
  orgCommands(ledger, ctx);

  dbOption(
    ledger.command('append <file>').description('sign and append the EPCIS event(s) in a JSON-LD file'),
  )
    .requiredOption('--org <name>', 'recording organisation')
    .option('--origin <origin>', 'log origin when the log is created')
    .option('--no-checkpoint', 'do not sign a checkpoint after appending')
    .option('--json', 'print JSON')
    .action(
      action(
        ctx,
        async (
          file: string,
          o: { db?: string; org: string; origin?: string; checkpoint: boolean; json?: boolean },
        ) => {
          const parsed = parseEpcisText(readText(file, 'file'));
          if (!parsed.ok)
            throw issuesError(parsed.issues, {
              fallback: 'file',
              detail: parsed.issues.map((i) => i.message).join('; '),
            });
          const results: AppendResult[] = await withLedger(o, async (l) => {
            const events = parsed.value.events;
            // A progress bar on a terminal for large files (stdout stays clean for --json).
            const bar =
              process.stderr.isTTY && !o.json && events.length >= 5000
                ? new SingleBar(
                    { stream: process.stderr, format: 'appending [{bar}] {value}/{total}' },
                    Presets.shades_classic,
                  )
                : undefined;
            bar?.start(events.length, 0);
            const r = await l.append(o.org, events, parsed.value.context, (done) => bar?.update(done));
            bar?.stop();
            if (o.checkpoint) await l.checkpoint();
            return r;
          });
          const out = results.length === 1 ? results[0] : results;
          if (o.json) printJson(ctx, out);
          else ctx.stdout(results.map((r) => `${r.index}\t${r.leaf_hash}\t${r.event_id}`).join('\n'));
        },
      ),
    );

  dbOption(
    ledger.command('checkpoint').description('sign (if the log grew) and print the current checkpoint'),
  )
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o: { db?: string; json?: boolean }) => {
        const cp = await withLedger(o, (l) => l.checkpoint());
        if (o.json) printJson(ctx, cp);
        else process.stdout.write(cp.note);
      }),
    );

  dbOption(
    ledger
      .command('key')
      .description("print the log's verifier key (what partners pin for `ledger verify --log-key`)"),
  )
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o: { db?: string; json?: boolean }) => {
        const k = await withLedger(o, async (l) => ({
          origin: l.logVerifier().name,
          verifier_key: l.logPublicKey(),
        }));
        if (o.json) printJson(ctx, k);
        else ctx.stdout(k.verifier_key);
      }),
    );

  dbOption(ledger.command('prove').description('print a proof bundle for one entry'))
    .requiredOption('--index <n>', 'entry index', (v) => Number(v))
    .option('--json', 'print JSON (the bundle is JSON either way)')
    .action(
      action(ctx, async (o: { db?: string; index: number; json?: boolean }) => {
        printJson(ctx, await withLedger(o, (l) => l.prove(o.index)));
      }),
    );

  dbOption(ledger.command('consistency').description('RFC 9162 consistency proof between two tree sizes'))
    .requiredOption('--from <n>', 'older tree size', (v) => Number(v))
    .option('--to <n>', 'newer tree size (default: current)', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o: { db?: string; from: number; to?: number; json?: boolean }) => {
        const out = await withLedger(o, async (l) => {
          const to = o.to ?? l.size;
          return {
            size1: o.from,
            size2: to,
            root1: (await l.rootAt(o.from)).toString('hex'),
            root2: (await l.rootAt(to)).toString('hex'),
            proof: await l.consistencyProof(o.from, to),
          };
        });
        if (o.json) printJson(ctx, out);
        else ctx.stdout(out.proof.join('\n'));
      }),
    );

  ledger
    .command('verify <bundle>')
    .description('verify a proof bundle offline (exit 0 when valid)')
    .option('--log-key <vkey>', 'the log verifier key you trust (default: the one in the bundle)')
    .option('--org-key <vkey...>', 'organisation keys you trust')
    .option('--witness <vkey...>', 'witness cosignature keys of your policy')
    .option('--quorum <n>', 'how many of --witness must cosign', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(
      action(
        ctx,
        async (
          file: string,
          o: { logKey?: string; orgKey?: string[]; witness?: string[]; quorum?: number; json?: boolean },
        ) => {
          let bundle: unknown;
          try {
            bundle = JSON.parse(readText(file, 'bundle'));
          } catch (e) {
            if (e instanceof XinzhiError) throw e;
            throw new XinzhiError('BAD_INPUT', `${file} is not JSON`, { field: 'bundle' });
          }
          const r = verifyBundle(bundle, {
            ...(o.logKey ? { trustedLogKey: o.logKey } : {}),
            ...(o.orgKey ? { trustedOrgKeys: o.orgKey } : {}),
            ...(o.witness
              ? { witnessPolicy: { witnesses: o.witness, quorum: o.quorum ?? o.witness.length } }
              : {}),
          });
          if (o.json) printJson(ctx, r.ok ? { valid: true, ...r.value } : { valid: false, issues: r.issues });
          else if (r.ok)
            ctx.stdout(
              `valid: entry ${r.value.index} of ${r.value.origin} (tree ${r.value.tree_size})\n  ${r.value.checks.join('\n  ')}`,
            );
          else ctx.stderr(`INVALID:\n  ${r.issues.map((i) => i.message).join('\n  ')}`);
          if (!r.ok) process.exitCode = 1;
        },
      ),
    );

  dbOption(
    ledger.command('audit').description('recompute the log from storage against the signed checkpoints'),
  )
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o: { db?: string; json?: boolean }) => {
        const r = await withLedger(o, (l) => l.audit());
        if (o.json) printJson(ctx, r);
        else if (r.ok) ctx.stdout(`ok: ${r.entries} entries match ${r.checkpoints} signed checkpoints`);
        else
          ctx.stdout(
            `TAMPERED: first at index ${r.first?.index} (${r.first?.kind}): ${r.first?.detail}\n${r.problems.length} finding(s)`,
          );
        if (!r.ok) process.exitCode = 1;
      }),
    );

  dbOption(
    ledger
      .command('cosign')
      .description('send the latest checkpoint to witnesses (tlog-witness add-checkpoint)'),
  )
    .requiredOption('--witness <url...>', 'witness base URLs, e.g. http://partner:7380')
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o: { db?: string; witness: string[]; json?: boolean }) => {
        const out = await withLedger(o, async (l) => {
          const cp = await l.checkpoint();
          const results: { witness: string; status: number; message: string }[] = [];
          const lines: string[] = [];
          for (const url of o.witness) {
            const key = `witness.size.${url}`;
            let oldSize = Number((await l.store.getMeta(key)) ?? 0);
            for (let attempt = 0; attempt < 2; attempt++) {
              const proof =
                oldSize === 0 || oldSize === cp.size
                  ? []
                  : (await l.consistencyProof(oldSize, cp.size)).map((h) => fromHex(h)!);
              const res = await fetch(new URL('add-checkpoint', url.endsWith('/') ? url : `${url}/`), {
                method: 'POST',
                body: formatAddCheckpointBody({ oldSize, proof, note: cp.note }),
              });
              const text = await res.text();
              if (res.status === 409 && attempt === 0 && /^\d+$/.test(text.trim())) {
                oldSize = Number(text.trim());
                continue;
              }
              if (res.ok) {
                lines.push(...text.split('\n').filter((x) => x.startsWith('\u2014 ')));
                await l.store.setMeta(key, String(cp.size));
              }
              results.push({ witness: url, status: res.status, message: res.ok ? 'cosigned' : text.trim() });
              break;
            }
          }
          const updated = await l.addCosignatures(cp.id, lines);
          return { checkpoint: updated, results };
        });
        if (o.json) printJson(ctx, out);
        else {
          for (const r of out.results) ctx.stderr(`${r.witness}: ${r.status} ${r.message}`);
          process.stdout.write(out.checkpoint.note);
        }
        if (out.results.some((r) => r.status !== 200)) process.exitCode = 1;
      }),
    );
};
