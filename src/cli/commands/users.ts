/**
 * `xinzhi users create|list|disable|enable|passwd`: people who sign in to the dashboard and API.
 * Passwords never come from argv (it shows in `ps` and shell history): they are prompted for
 * without echo on a terminal, read from the first line of stdin when piped, or read from
 * `--password-file <path>`. The CLI's changes are recorded in the audit log as the OS user.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { ROLES, type Role, XinzhiError } from '../../core/index.js';
import { createUser, disableUser, enableUser, publicUser, resetPassword } from '../../server/index.js';
import type { Store, UserRecord } from '../../store/index.js';
import { cliActor } from '../cli-actor.js';
import { action, type CliContext, printJson } from '../context.js';
import { withStore } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';

interface UserOpts {
  db?: string;
  json?: boolean;
  passwordFile?: string;
}

/** A terminal prompt that does not echo what is typed. */
function prompt(question: string): Promise<string> {
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

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function readPassword(opts: UserOpts): Promise<string> {
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

async function findUser(store: Store, username: string): Promise<UserRecord> {
  const u = await store.findUserByName(username);
  if (!u) throw new XinzhiError('NOT_FOUND', `no user '${username}'`, { field: 'username' });
  return u;
}

const when = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

export function usersCommand(ctx: CliContext): Command {
  const users = new Command('users').description(
    'people who sign in (password hashed with scrypt); roles viewer/operator/engineer/admin',
  );
  const common = (c: Command) => c.addOption(dbOption()).addOption(jsonOption());
  common(
    users
      .command('create <username>')
      .description('create a user; the password is prompted for (or read from stdin), never an argument')
      .requiredOption('--role <role>', `one of ${ROLES.filter((r) => r !== 'device').join(', ')}`)
      .option('--org <org>', 'organisation (default: default)')
      .option(
        '--site <site>',
        'limit to a site (repeat for several)',
        (v: string, acc: string[]) => [...acc, v],
        [],
      )
      .option('--password-file <path>', 'read the password from the first line of this file'),
  ).action(
    action(ctx, async (username: string, opts: UserOpts & { role: string; org?: string; site: string[] }) => {
      if (!(ROLES as readonly string[]).includes(opts.role))
        throw new XinzhiError('BAD_INPUT', `role must be one of ${ROLES.join(', ')}, not '${opts.role}'`, {
          field: '--role',
        });
      const password = await readPassword(opts);
      const u = await withStore(opts, async (store) => {
        const now = Date.now();
        const user = await createUser(
          { store },
          {
            username,
            password,
            role: opts.role as Role,
            ...(opts.org === undefined ? {} : { org: opts.org }),
            sites: opts.site.length > 0 ? opts.site : null,
          },
          now,
        );
        await store.appendAudit({
          ...cliActor(),
          org: user.org,
          ts: now,
          action: 'user.create',
          target: String(user.id),
          after: publicUser(user),
        });
        return user;
      });
      if (opts.json) printJson(ctx, publicUser(u));
      else ctx.stdout(`created user ${u.id} '${u.username}' (${u.role}, organisation ${u.org})`);
    }),
  );
  common(users.command('list').description('list users (never their password hashes)')).action(
    action(ctx, async (opts: UserOpts) => {
      const list = (await withStore(opts, (s) => s.listUsers())).map(publicUser);
      if (opts.json) printJson(ctx, { users: list });
      else if (list.length === 0) ctx.stdout('no users');
      else
        for (const u of list)
          ctx.stdout(
            `${String(u.id).padStart(4)}  ${u.username.padEnd(24)}  ${u.role.padEnd(8)}  ${u.org}${u.sites ? ` [${u.sites.join(', ')}]` : ''}  created ${when(u.createdAt)}${u.disabledAt === null ? '' : `  DISABLED ${when(u.disabledAt)}`}`,
          );
    }),
  );
  const change = (
    name: string,
    description: string,
    run: (store: Store, u: UserRecord, opts: UserOpts) => Promise<UserRecord>,
  ) =>
    common(users.command(`${name} <username>`).description(description)).action(
      action(ctx, async (username: string, opts: UserOpts) => {
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
      }),
    );
  change('disable', 'disable a user: sign-in refused, sessions end', (store, u) =>
    disableUser({ store }, u.id, Date.now()),
  );
  change('enable', 'enable a disabled user', (store, u) => enableUser({ store }, u.id));
  change(
    'passwd',
    "set a user's password (prompted, or from stdin); the user's sessions end",
    async (store, u, opts) => resetPassword({ store }, u.id, await readPassword(opts), Date.now()),
  ).option('--password-file <path>', 'read the password from the first line of this file');
  return users;
}

export const register = (program: Command, ctx: CliContext): void => {
  program.addCommand(usersCommand(ctx));
};
