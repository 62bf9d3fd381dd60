/**
 * People and their trail: users (password hash or OIDC identity), browser sessions, and the
 * append-only audit log. Only hashes of passwords and session ids are stored.
 */
import type { Role } from '../core/index.js';

export interface UserRecord {
  readonly id: number;
  /** Unique, compared without case. */
  readonly username: string;
  readonly role: Role;
  readonly org: string;
  /** Sites of `org` the user is limited to; null: all of them. */
  readonly sites: readonly string[] | null;
  /** `scrypt$N$r$p$salt$hash` (server/auth/password.ts); null for users who sign in only by OIDC. */
  readonly passwordHash: string | null;
  /** OIDC identity (issuer URL and `sub`), for users created or matched by OIDC sign-in. */
  readonly oidcIssuer: string | null;
  readonly oidcSubject: string | null;
  readonly createdAt: number;
  readonly passwordChangedAt: number | null;
  /** When the user was disabled; a disabled user cannot sign in and has no sessions. */
  readonly disabledAt: number | null;
}

export interface UserInput {
  readonly username: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly passwordHash?: string | null;
  /** Default `default`; must exist. */
  readonly org?: string;
  readonly sites?: readonly string[] | null;
  readonly oidc?: { readonly issuer: string; readonly subject: string } | null;
}

export interface UserPatch {
  readonly passwordHash?: string | null;
  readonly passwordChangedAt?: number;
  readonly role?: Role;
  readonly sites?: readonly string[] | null;
  /** A time disables the user; null enables it again. */
  readonly disabledAt?: number | null;
}

/** A browser session of a user, or of an API key exchanged for a session at sign-in. */
export interface SessionRecord {
  /** SHA-256 (hex) of the session id; the id itself lives only in the browser's cookie. */
  readonly hash: string;
  readonly userId: number | null;
  readonly keyId: number | null;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** Absolute end, whatever the activity. */
  readonly expiresAt: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export type SessionInput = Omit<SessionRecord, 'lastSeenAt'>;

/** One line of the audit log: who did what, when, from where, with the object before and after. */
export interface AuditRecord {
  readonly id: number;
  readonly ts: number;
  /** Principal kind: user, key, open, system, anonymous (failed sign-in), cli. */
  readonly actorKind: string;
  readonly actorId: number | null;
  readonly actorName: string;
  /** Organisation of the actor (or of the object), for scoped reading. */
  readonly org: string | null;
  /** What happened, e.g. `http.write`, `user.create`, `auth.login.failed`, `loop.setpoint`. */
  readonly action: string;
  readonly method: string | null;
  readonly path: string | null;
  /** Id of the object acted on: a series id, loop id, user id… */
  readonly target: string | null;
  /** HTTP status of the request, when it was one. */
  readonly status: number | null;
  readonly ip: string | null;
  readonly before: unknown;
  readonly after: unknown;
  /** Free text the client supplied (e.g. the `user` field of older clients), labelled as such. */
  readonly comment: string | null;
}

export type AuditInput = Partial<Omit<AuditRecord, 'id' | 'ts' | 'actorKind' | 'actorName' | 'action'>> &
  Pick<AuditRecord, 'ts' | 'actorKind' | 'actorName' | 'action'>;

export interface AuditFilter {
  readonly from?: number;
  /** Exclusive. */
  readonly to?: number;
  readonly org?: string;
  readonly actor?: string;
  /** Exact action, or a prefix ending in `.` (`user.` matches `user.create`, `user.disable`). */
  readonly action?: string;
  readonly target?: string;
  /** Paging: only ids below this (newest first). */
  readonly beforeId?: number;
  /** Default 100, at most 10,000. */
  readonly limit?: number;
}
