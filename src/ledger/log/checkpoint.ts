/**
 * C2SP tlog-checkpoint bodies: origin line, decimal tree size, base64 root hash, then optional
 * extension lines. The body is what the log and the witnesses sign.
 */
import { fail, ok, type Result } from '../../core/index.js';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  readonly extensions: readonly string[];
}

export function formatCheckpoint(c: Checkpoint): string {
  const ext = c.extensions.map((e) => `${e}\n`).join('');
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n${ext}`;
}

const issue = (message: string, where: string) => ({ code: 'LEDGER_BAD_CHECKPOINT', message, where });

export function parseCheckpoint(body: string): Result<Checkpoint> {
  if (!body.endsWith('\n')) return fail(issue('a checkpoint body ends with a newline', 'checkpoint'));
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) return fail(issue('a checkpoint has origin, size and root lines', 'checkpoint'));
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) return fail(issue('the origin line is empty', 'origin'));
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText))
    return fail(issue(`tree size '${sizeText}' is not a decimal`, 'size'));
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return fail(issue(`tree size ${sizeText} is too large`, 'size'));
  if (!/^[A-Za-z0-9+/]{43}=$/.test(rootText))
    return fail(issue('the root is not 32 bytes of base64', 'root'));
  if (extensions.some((e) => e.length === 0)) return fail(issue('an extension line is empty', 'extensions'));
  return ok({ origin, size, root: Buffer.from(rootText, 'base64'), extensions });
}
