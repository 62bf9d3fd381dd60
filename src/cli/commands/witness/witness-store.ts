/** What the `witness` subcommands share: the witness's own store, its loaded key and logs, and the options. */
import { systemClock, XinzhiError } from '../../../core/index.js';
import {
  ALG_COSIGNATURE_V1,
  cosignatureSigner,
  ed25519FromSeed,
  formatVerifierKey,
  parseVerifierKey,
  type Verifier,
  Witness,
} from '../../../ledger/index.js';
import type { LedgerStore } from '../../../store/ledger-store.js';
import { openStoreFromOptions } from '../../open-store.js';
import { dbOption, sharedOptions } from '../../options.js';

/** The witness keeps its key and state in `store.ledger` of its own xinzhi database. */
export async function openStore(
  path: string | undefined,
): Promise<{ store: LedgerStore; close: () => Promise<void> }> {
  const main = await openStoreFromOptions({ db: path });
  return { store: main.ledger, close: () => main.close() };
}

export async function loadWitness(
  store: LedgerStore,
  name: string,
): Promise<{ witness: Witness; vkey: string }> {
  const key = (await store.keysOf(name)).find(
    (k) => k.kind === 'witness' && k.privateSeed && k.validUntil === null,
  );
  if (!key)
    throw new XinzhiError(
      'NOT_FOUND',
      `no witness '${name}' here (run 'xinzhi witness init --name ${name}')`,
      { field: 'name' },
    );
  const logs = new Map<string, Verifier[]>();
  for (const vkey of JSON.parse((await store.getMeta(`witness.logs.${name}`)) ?? '[]') as string[]) {
    const v = parseVerifierKey(vkey);
    logs.set(v.name, [...(logs.get(v.name) ?? []), v]);
  }
  const signer = cosignatureSigner(name, ed25519FromSeed(key.privateSeed!), () => systemClock.now() / 1000);
  const witness = new Witness({ signer, logs, store, clock: systemClock });
  return {
    witness,
    vkey: formatVerifierKey({ name, algorithm: ALG_COSIGNATURE_V1, publicKey: key.publicKey }),
  };
}

export const witnessOptions = sharedOptions((c) =>
  c.addOption(dbOption()).requiredOption('--name <name>', 'witness key name, e.g. witness.acme.example/w1'),
);
