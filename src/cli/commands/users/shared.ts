/** What the `users` subcommands share: reading a password without echo, finding a user, and the audited change of one. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { XinzhiError } from '../../../core/index.js';
import { publicUser } from '../../../server/index.js';
import type { Store, UserRecord } from '../../../store/index.js';
import { cliActor } from '../../cli-actor.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';

/** A terminal prompt that does not echo what is typed. */
export function prompt(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _enc, cb) => cb() });
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) =>
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    }),
  );
}

export async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export async function readPassword(opts: { passwordFile?: string | undefined }): Promise<string> {
  if (opts.passwordFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.passwordFile, 'utf8');
    } catch (e) {
      throw new XinzhiError('NOT_FOUND', `cannot read ${opts.passwordFile}: ${(e as Error).message}`, {
        field: '--password-file',
      });
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const a = await prompt('password: ');
  const b = await prompt('again: ');
  if (a !== b) throw new XinzhiError('BAD_INPUT', 'the two passwords differ', { field: 'password' });
  return a;
}

export async function findUser(store: Store, username: string): Promise<UserRecord> {
  const u = await store.findUserByName(username);
  if (!u) throw new XinzhiError('NOT_FOUND', `no user '${username}'`, { field: 'username' });
  return u;
}

export const when = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

/**
 * The action of `users disable|enable|passwd <username>`: `run` changes the user, and the change is
 * recorded in the audit log with the record before and after, as the API records it.
 */
export const changeUser = <O extends { db?: string | undefined; json?: true | undefined }>(
  ctx: CliContext,
  name: string,
  run: (store: Store, u: UserRecord, opts: O) => Promise<UserRecord>,
) =>
  action(ctx, async (username: string, opts: O) => {
    const u = await withStore(opts, async (store) => {
      const before = await findUser(store, username);
      const after = await run(store, before, opts);
      await store.appendAudit({
        ...cliActor(),
        org: after.org,
        ts: Date.now(),
        action: `user.${name === 'passwd' ? 'password' : name}`,
        target: String(after.id),
        before: publicUser(before),
        after: publicUser(after),
      });
      return after;
    });
    if (opts.json) printJson(ctx, publicUser(u));
    else
      ctx.stdout(
        `${name === 'passwd' ? 'changed the password of' : `${name}d`} user ${u.id} '${u.username}'`,
      );
  });
