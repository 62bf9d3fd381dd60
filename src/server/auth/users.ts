/**
 * Managing people, shared by the HTTP routes and the CLI: create (password hashed with scrypt),
 * disable, reset a password. Disabling and resetting end the user's sessions and announce a
 * revocation (access-events.ts), so open SSE streams close too; creating the first user (or key)
 * ends first-run mode.
 */
import { type Role, XinzhiError } from '../../core/index.js';
import type { Store, UserRecord } from '../../store/index.js';
import type { AccessEvents } from './access-events.js';
import { noCredentialsYet } from './middleware.js';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, type ScryptParams } from './password.js';

/** A user as the API and CLI show it: never the password hash. */
export const publicUser = (u: UserRecord) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  org: u.org,
  sites: u.sites === null ? null : [...u.sites],
  oidc: u.oidcIssuer === null ? null : { issuer: u.oidcIssuer, subject: u.oidcSubject ?? '' },
  createdAt: u.createdAt,
  passwordChangedAt: u.passwordChangedAt,
  disabledAt: u.disabledAt,
});

export interface UserServiceDeps {
  readonly store: Store;
  readonly access?: AccessEvents;
  readonly passwordParams?: ScryptParams;
}

function checkPassword(password: string): void {
  const why = passwordProblem(password);
  if (why) throw new XinzhiError('BAD_INPUT', why, { field: 'password' });
}

export async function createUser(
  deps: UserServiceDeps,
  input: { username: string; password: string; role: Role; org?: string; sites?: readonly string[] | null },
  now: number,
): Promise<UserRecord> {
  checkPassword(input.password);
  const first = await noCredentialsYet(deps.store);
  const user = await deps.store.createUser({
    username: input.username,
    role: input.role,
    passwordHash: await hashPassword(input.password, deps.passwordParams ?? DEFAULT_SCRYPT),
    createdAt: now,
    ...(input.org === undefined ? {} : { org: input.org }),
    sites: input.sites ?? null,
  });
  if (first) deps.access?.firstRunEnded();
  return user;
}

/** Disables a user: no more sign-ins, sessions and streams end now. */
export async function disableUser(deps: UserServiceDeps, id: number, now: number): Promise<UserRecord> {
  const u = await deps.store.getUser(id);
  if (!u) throw new XinzhiError('NOT_FOUND', `no user ${id}`, { field: 'id' });
  const after = u.disabledAt === null ? await deps.store.updateUser(id, { disabledAt: now }) : u;
  await deps.store.deleteSessionsOf({ userId: id });
  deps.access?.revoked({ kind: 'user', id });
  return after;
}

export async function enableUser(deps: UserServiceDeps, id: number): Promise<UserRecord> {
  if (!(await deps.store.getUser(id))) throw new XinzhiError('NOT_FOUND', `no user ${id}`, { field: 'id' });
  return deps.store.updateUser(id, { disabledAt: null });
}

/** Sets a new password; every existing session of the user ends (whoever had it must sign in again). */
export async function resetPassword(
  deps: UserServiceDeps,
  id: number,
  password: string,
  now: number,
): Promise<UserRecord> {
  checkPassword(password);
  if (!(await deps.store.getUser(id))) throw new XinzhiError('NOT_FOUND', `no user ${id}`, { field: 'id' });
  const u = await deps.store.updateUser(id, {
    passwordHash: await hashPassword(password, deps.passwordParams ?? DEFAULT_SCRYPT),
    passwordChangedAt: now,
  });
  await deps.store.deleteSessionsOf({ userId: id });
  deps.access?.revoked({ kind: 'user', id });
  return u;
}
