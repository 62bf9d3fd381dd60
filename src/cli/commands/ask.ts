/**
 * `xinzhi ask`: a work instruction in words → a delivery order or a field operation
 * (shared/contracts/ask-output.md).
 *   xinzhi ask "明天上午把20箱牛奶送到杭州市西湖区文三路478号" --now 2026-12-05T09:30:00+08:00 --json
 *   xinzhi ask --batch in.jsonl --json      (lines {"id","text","now"} → result lines with the id)
 * A batch line that cannot be read becomes an `invalid` result naming the line, so one bad line
 * never loses the others.
 */
import { readFileSync, statSync } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { isXinzhiError, XinzhiError } from '../../core/index.js';
import {
  type AddressTagger,
  type AskResult,
  crfAddressTagger,
  loadAddressModel,
  parseInstruction,
} from '../../domains/ask/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption } from '../options.js';
import type { RegisterCommand } from './index.js';

const MAX_BATCH_BYTES = 64 * 1024 * 1024;

function localNowIso(): string {
  const d = new Date();
  const off = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + off * 60000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function invalidLine(reason: string): AskResult {
  return { kind: 'invalid', missing: [], issue: 'not_instruction', reason };
}

export const register: RegisterCommand = (program, ctx) => {
  program.addCommand(askCommand(ctx));
};

export function askCommand(ctx: CliContext) {
  return new Command('ask')
    .description('turn a delivery or field instruction (zh/en) into an order or a field operation')
    .argument('[text]', 'the instruction')
    .option('--now <iso>', 'when it was written, ISO 8601 with offset (default: now, local offset)')
    .option('--batch <file>', 'JSON Lines of {"id","text","now"}; one result line per input line')
    .option(
      '--address-model <file>',
      'CRF address model (default: $XINZHI_ADDRESS_MODEL, else trained once from CCKS 2021)',
    )
    .addOption(jsonOption('print JSON (one object, or JSON Lines with --batch)'))
    .action(
      action(ctx, async (text, opts) => {
        if (text === undefined && opts.batch === undefined)
          throw new XinzhiError('BAD_INPUT', 'give the instruction text or --batch <file>', {
            field: 'text',
          });
        if (text !== undefined && opts.batch !== undefined)
          throw new XinzhiError('BAD_INPUT', 'give either the text or --batch, not both', {
            field: 'batch',
          });
        let tagger: AddressTagger | undefined;
        const model = loadAddressModel({
          ...(opts.addressModel ? { file: opts.addressModel } : {}),
          onTrain: (m) => ctx.stderr(m),
        });
        if (model) tagger = crfAddressTagger(model);
        else
          ctx.stderr(
            'warning: no address model and no CCKS corpus found (set XINZHI_ADDRESS_MODEL or XINZHI_BENCHMARKS); address parts are left out',
          );
        const parse = (t: string, now: string): AskResult =>
          parseInstruction(t, { now, ...(tagger ? { addressTagger: tagger } : {}) }).result;
        if (text !== undefined) {
          const r = parse(text, opts.now ?? localNowIso());
          if (opts.json) ctx.stdout(JSON.stringify(r));
          else printJson(ctx, r);
          return;
        }
        const file = opts.batch as string;
        let size: number;
        try {
          size = statSync(file).size;
        } catch (e) {
          throw new XinzhiError('NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, {
            field: 'batch',
          });
        }
        if (size > MAX_BATCH_BYTES)
          throw new XinzhiError(
            'BAD_INPUT',
            `${file} is ${size} bytes, over the limit of ${MAX_BATCH_BYTES}`,
            { field: 'batch' },
          );
        const lines = readFileSync(file, 'utf8').split(/\r?\n/);
        const out: string[] = [];
        lines.forEach((line, i) => {
          if (!line.trim()) return;
          const where = `line ${i + 1}`;
          let id: unknown = null;
          let r: AskResult;
          try {
            const doc = JSON.parse(line) as unknown;
            if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
              throw new XinzhiError('BAD_INPUT', 'not a JSON object');
            const o = doc as Record<string, unknown>;
            id = o['id'] ?? null;
            if (typeof o['text'] !== 'string')
              throw new XinzhiError('BAD_INPUT', 'text must be a string', { field: 'text' });
            const now = o['now'] ?? opts.now ?? localNowIso();
            if (typeof now !== 'string')
              throw new XinzhiError('BAD_INPUT', 'now must be a string', { field: 'now' });
            r = parse(o['text'], now);
          } catch (e) {
            const msg = isXinzhiError(e)
              ? `${e.field ? `${e.field}: ` : ''}${e.message}`
              : `invalid JSON (${(e as Error).message})`;
            r = invalidLine(`${where}: ${msg}`);
          }
          out.push(JSON.stringify({ id, ...r }));
        });
        if (out.length) ctx.stdout(out.join('\n'));
      }),
    );
}
