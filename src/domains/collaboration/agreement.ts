/**
 * Agreements on the ledger: a fair split of a joint gain or cost becomes a record of the game, the
 * method, the result and the hash of all three, signed by every partner with its ledger key and
 * recorded on the log as an EPCIS TransactionEvent naming the hash. The bundle (record, signatures,
 * inclusion proof of the ledger entry) lets anyone re-solve the game and check every signature
 * offline (`xinzhi collab verify`, docs/collaboration.md).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fail, type Issue, ok, type Result, XinzhiError } from '../../core/index.js';
import {
  canonicalJson,
  type EpcisEvent,
  type Ledger,
  type ProofBundle,
  parseVerifierKey,
  proofBundleSchema,
  verifyBundle,
} from '../../ledger/index.js';
import { games } from '../../optimize/index.js';

export const AGREEMENT_TYPE = 'xinzhi.agreement/v1';
/** Signed bytes: this prefix, then the record hash and a newline (never a valid event message). */
export const AGREEMENT_SIGNATURE_PREFIX = 'xinzhi agreement v1\n';
export const AGREEMENT_METHODS = ['shapley', 'nucleolus'] as const;
export type AgreementMethod = (typeof AGREEMENT_METHODS)[number];

const number = z.number().finite();
export const agreementRecordSchema = z.object({
  type: z.literal(AGREEMENT_TYPE),
  name: z.string().max(200).optional(),
  /** The game as game.json (docs/games.md): profit or cost of every coalition. */
  game: z.object({
    players: z.array(z.string()).min(1).max(games.MAX_LP_PLAYERS),
    kind: z.enum(['profit', 'cost']),
    v: z.record(z.string(), number),
  }),
  method: z.enum(AGREEMENT_METHODS),
  /** Each partner's share: payoff in a profit game, cost share in a cost game. */
  allocation: z.record(z.string(), number),
  core_empty: z.boolean(),
  least_core_epsilon: number,
  created_at: z.string().max(40),
  /** SHA-256 (hex) of the canonical JSON (RFC 8785) of every other field. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AgreementRecord = z.infer<typeof agreementRecordSchema>;

export const agreementSignatureSchema = z.object({
  org: z.string().min(1).max(200),
  key_id: z.string().max(16),
  /** The organisation's verifier key `<name>+<key id>+<base64>`. */
  public_key: z.string().max(200),
  /** base64 Ed25519 signature over AGREEMENT_SIGNATURE_PREFIX + hash + "\n". */
  sig: z.string().max(200),
});
export type AgreementSignature = z.infer<typeof agreementSignatureSchema>;

export const agreementBundleSchema = z.object({
  agreement: agreementRecordSchema,
  signatures: z.array(agreementSignatureSchema).max(64),
  /** Inclusion proof of the ledger entry that records the agreement's hash. */
  ledger: proofBundleSchema.optional(),
});
export interface AgreementBundle {
  readonly agreement: AgreementRecord;
  readonly signatures: readonly AgreementSignature[];
  readonly ledger?: ProofBundle;
}

/** The game in its game.json form, values in the game's own terms. */
export function gameDocument(g: games.Game): AgreementRecord['game'] {
  const v: Record<string, number> = {};
  for (let m = 1; m < 1 << g.players.length; m++) v[games.coalitionName(g, m)] = games.ownValue(g, m);
  return { players: [...g.players], kind: g.kind, v };
}

export const agreementHash = (record: Omit<AgreementRecord, 'hash'>): string =>
  createHash('sha256').update(canonicalJson(record)).digest('hex');

export const agreementMessage = (hash: string): Buffer =>
  Buffer.from(`${AGREEMENT_SIGNATURE_PREFIX}${hash}\n`);

/** Solves the game and writes the record (no signatures yet). */
export async function agreementRecord(
  g: games.Game,
  method: AgreementMethod,
  solve: games.LpSolve,
  createdAt: string,
  name?: string,
): Promise<AgreementRecord> {
  const s = await games.solveGame(g, solve);
  const body: Omit<AgreementRecord, 'hash'> = {
    type: AGREEMENT_TYPE,
    ...(name === undefined ? {} : { name }),
    game: gameDocument(g),
    method,
    allocation: { ...(method === 'shapley' ? s.shapley : s.nucleolus) },
    core_empty: s.coreEmpty,
    least_core_epsilon: s.leastCoreEpsilon,
    created_at: createdAt,
  };
  return { ...body, hash: agreementHash(body) };
}

/** The EPCIS event that puts the agreement's hash on the log. */
export function agreementEvent(record: AgreementRecord): EpcisEvent {
  return {
    type: 'TransactionEvent',
    action: 'ADD',
    eventTime: record.created_at,
    eventTimeZoneOffset: '+00:00',
    bizStep: 'accepting',
    bizTransactionList: [
      { type: 'urn:xinzhi:agreement', bizTransaction: `urn:xinzhi:agreement:${record.hash}` },
    ],
  } as EpcisEvent;
}

/**
 * Solves, has every partner (each player is a ledger organisation whose key this ledger holds)
 * sign the record, appends it (recorded by `recorder`, default the first player), signs a
 * checkpoint, and returns the bundle.
 */
export async function agree(
  ledger: Ledger,
  g: games.Game,
  method: AgreementMethod,
  solve: games.LpSolve,
  options: { recorder?: string; name?: string; now?: number } = {},
): Promise<AgreementBundle> {
  games.assertLpSize(g.players.length);
  const created = new Date(Math.floor((options.now ?? Date.now()) / 1000) * 1000).toISOString();
  const record = await agreementRecord(g, method, solve, created, options.name);
  const message = agreementMessage(record.hash);
  const signatures: AgreementSignature[] = [];
  for (const p of g.players) signatures.push(await ledger.signStatement(p, message));
  const recorder = options.recorder ?? g.players[0]!;
  if (!g.players.includes(recorder))
    throw new XinzhiError('BAD_INPUT', `the recorder '${recorder}' is not one of the partners`, {
      field: 'org',
    });
  const [appended] = await ledger.append(recorder, [agreementEvent(record)]);
  await ledger.checkpoint();
  return { agreement: record, signatures, ledger: await ledger.prove(appended!.index) };
}

export interface AgreementVerification {
  readonly hash: string;
  readonly method: AgreementMethod;
  /** The allocation re-computed from the game. */
  readonly recomputed: Readonly<Record<string, number>>;
  readonly signed_by: readonly string[];
  readonly ledger: { readonly index: number; readonly tree_size: number; readonly origin: string } | null;
  readonly checks: readonly string[];
}

const problem = (message: string, where: string): Issue => ({ code: 'BAD_INPUT', message, where });

/**
 * Checks a bundle offline: the record's hash, the allocation re-computed from its game, one valid
 * signature of every partner (with a pinned key where `trustedOrgKeys` names one), and the ledger
 * proof (against `trustedLogKey` when given) of an entry naming the hash. Lists every failure.
 */
export async function verifyAgreement(
  input: unknown,
  solve: games.LpSolve,
  options: { trustedLogKey?: string; trustedOrgKeys?: readonly string[]; requireLedger?: boolean } = {},
): Promise<Result<AgreementVerification>> {
  const parsed = agreementBundleSchema.safeParse(input);
  if (!parsed.success)
    return fail(...parsed.error.issues.map((i) => problem(i.message, i.path.join('.') || 'bundle')));
  const { agreement: a, signatures } = parsed.data;
  const issues: Issue[] = [];
  const checks: string[] = [];
  const { hash, ...body } = a;
  if (agreementHash(body) !== hash)
    issues.push(problem('the hash does not match the record', 'agreement.hash'));
  else checks.push('record hash matches');
  const g = games.parseGame(a.game, games.MAX_LP_PLAYERS);
  let recomputed: Record<string, number> = {};
  if (!g.ok) issues.push(...g.issues.map((i) => problem(i.message, `agreement.game.${i.where ?? ''}`)));
  else {
    const s = await games.solveGame(g.value, solve);
    recomputed = { ...(a.method === 'shapley' ? s.shapley : s.nucleolus) };
    const tol = Math.max(1e-6, s.tolerance * 10);
    const off = g.value.players.filter(
      (p) => !(Math.abs((a.allocation[p] ?? Number.NaN) - (recomputed[p] ?? 0)) <= tol),
    );
    const extra = Object.keys(a.allocation).filter((p) => !g.value.players.includes(p));
    if (off.length > 0 || extra.length > 0)
      issues.push(
        problem(
          `the ${a.method} allocation does not re-compute for ${[...off, ...extra].join(', ')}`,
          'agreement.allocation',
        ),
      );
    else checks.push(`${a.method} allocation re-computed from the game`);
    if (s.coreEmpty !== a.core_empty)
      issues.push(problem('core_empty does not re-compute', 'agreement.core_empty'));
  }
  const message = agreementMessage(hash);
  const signedBy: string[] = [];
  for (const [i, s] of signatures.entries()) {
    try {
      const v = parseVerifierKey(s.public_key);
      if (v.name !== s.org) throw new Error(`the key is named '${v.name}', not '${s.org}'`);
      if (options.trustedOrgKeys) {
        const pinned = options.trustedOrgKeys.filter((k) => k.startsWith(`${s.org}+`));
        if (pinned.length > 0 && !pinned.some((k) => k.trim() === s.public_key.trim()))
          throw new Error(`not the key trusted for '${s.org}'`);
      }
      if (!v.verify(message, Buffer.from(s.sig, 'base64'))) throw new Error('the signature does not verify');
      signedBy.push(s.org);
    } catch (e) {
      issues.push(problem(`signature of '${s.org}': ${(e as Error).message}`, `signatures.${i}`));
    }
  }
  const missing = a.game.players.filter((p) => !signedBy.includes(p));
  if (missing.length > 0) issues.push(problem(`no valid signature of ${missing.join(', ')}`, 'signatures'));
  else checks.push(`signed by every partner: ${signedBy.join(', ')}`);
  let ledgerInfo: AgreementVerification['ledger'] = null;
  if (parsed.data.ledger) {
    const v = verifyBundle(
      parsed.data.ledger,
      options.trustedLogKey ? { trustedLogKey: options.trustedLogKey } : {},
    );
    if (!v.ok) issues.push(...v.issues.map((i) => problem(i.message, `ledger.${i.where ?? ''}`)));
    else {
      const entry = parsed.data.ledger.entry ?? '';
      if (!entry.includes(`urn:xinzhi:agreement:${hash}`))
        issues.push(problem('the ledger entry does not name this agreement', 'ledger.entry'));
      else {
        ledgerInfo = { index: v.value.index, tree_size: v.value.tree_size, origin: v.value.origin };
        checks.push(`recorded on ${v.value.origin} at index ${v.value.index}`, ...v.value.checks);
      }
    }
  } else if (options.requireLedger) issues.push(problem('the bundle has no ledger proof', 'ledger'));
  if (issues.length > 0) return fail(...issues);
  return ok({ hash, method: a.method, recomputed, signed_by: signedBy, ledger: ledgerInfo, checks });
}
