import { beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../ledger/test-support.fixture.js';
import { games, Solver } from '../../optimize/index.js';
import { agree, agreementHash, verifyAgreement } from './agreement.js';

/** The bundle as JSON, loosely typed so the tests can tamper with it. */
interface Bundle {
  agreement: {
    allocation: Record<string, number>;
    hash: string;
    game: { v: Record<string, number>; players: string[] };
  } & Record<string, unknown>;
  signatures: { org: string; sig: string }[];
}
let solve: games.LpSolve;
beforeAll(async () => {
  const s = await Solver.load();
  solve = async (p) => s.solve(p);
});

// Talmud estate 200 with claims 100/200/300 as a profit game: nucleolus 50/75/75.
const talmud = () => {
  const r = games.parseGame({
    players: ['A', 'B', 'C'],
    kind: 'profit',
    v: { 'A,B': 0, 'A,C': 0, 'B,C': 100, 'A,B,C': 200 },
  });
  if (!r.ok) throw new Error('bad game');
  return r.value;
};

async function signed() {
  const { ledger } = await openLedger();
  for (const o of ['A', 'B', 'C']) await ledger.createOrg(o);
  const bundle = await agree(ledger, talmud(), 'nucleolus', solve, { now: Date.UTC(2024, 5, 1) });
  return { ledger, bundle: JSON.parse(JSON.stringify(bundle)) as Bundle };
}

describe('agreements', () => {
  it('a nucleolus split signed by every partner, recorded on the ledger, verifies offline', async () => {
    const { ledger, bundle } = await signed();
    expect(bundle.agreement.allocation).toEqual({ A: 50, B: 75, C: 75 });
    expect(bundle.signatures.map((s: { org: string }) => s.org)).toEqual(['A', 'B', 'C']);
    const v = await verifyAgreement(bundle, solve, {
      trustedLogKey: ledger.logPublicKey(),
      requireLedger: true,
    });
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.value.recomputed).toEqual({ A: 50, B: 75, C: 75 });
      expect(v.value.ledger?.index).toBe(0);
    }
  });

  it('catches a changed allocation, a changed game, a forged or missing signature, and a foreign log', async () => {
    const { bundle } = await signed();
    const fails = async (change: (b: Bundle) => void, where: RegExp) => {
      const b = structuredClone(bundle);
      change(b);
      const v = await verifyAgreement(b, solve);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.issues.map((i) => i.where).join(' ')).toMatch(where);
    };
    // A partner takes 1 more and re-hashes: the hash is right but the game does not give that.
    await fails((b) => {
      b.agreement.allocation.A = 51;
      const { hash: _, ...body } = b.agreement;
      b.agreement.hash = agreementHash(body as unknown as Parameters<typeof agreementHash>[0]);
    }, /allocation/);
    await fails((b) => {
      b.agreement.game.v['B,C'] = 120;
    }, /agreement\.hash/);
    await fails((b) => {
      b.signatures[1]!.sig = b.signatures[0]!.sig;
    }, /signatures\.1/);
    await fails((b) => {
      b.signatures.pop();
    }, /signatures/);
    const other = await openLedger();
    const v = await verifyAgreement(bundle, solve, { trustedLogKey: other.ledger.logPublicKey() });
    expect(v.ok).toBe(false);
  });

  it('malformed bundles are refused naming the field, never thrown', async () => {
    for (const bad of [
      null,
      3,
      'x',
      {},
      { agreement: {}, signatures: [] },
      { agreement: { type: 'nope' }, signatures: 'x' },
    ]) {
      const v = await verifyAgreement(bad, solve);
      expect(v.ok).toBe(false);
    }
    const { bundle } = await signed();
    const b = structuredClone(bundle);
    b.agreement.game.players = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const v = await verifyAgreement(b, solve);
    expect(!v.ok && v.issues[0]?.where).toMatch(/agreement\.game\.players/);
  });

  it('a partner whose key the ledger does not hold cannot be signed for', async () => {
    const { ledger } = await openLedger();
    await ledger.createOrg('A');
    await ledger.createOrg('B');
    await expect(agree(ledger, talmud(), 'shapley', solve)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
