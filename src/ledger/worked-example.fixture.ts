/**
 * The worked example of docs/ledger.md, built deterministically: the log key is the public test
 * key of the Merkle vectors (golang.org/x/mod sumdb/note documentation seed), the organisation key
 * is the seed 0x01 × 32, the clock is fixed. Never use these keys outside tests and docs.
 */
import Database from 'better-sqlite3';
import { manualClock } from '../core/index.js';
import { SqliteLedgerStore } from '../store/sqlite/ledger-sqlite.js';
import type { ProofBundle } from './bundle.js';
import type { EpcisEvent } from './events/schema.js';
import { Ledger } from './ledger.js';
import { ed25519FromSeed } from './log/ed25519.js';
import { formatSignerKey } from './log/note-keys.js';
import { ALG_ED25519 } from './log/signer.js';

export const EXAMPLE_LOG_KEY =
  'PRIVATE+KEY+example.com/ledger-test-vectors+a40cf4ce+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';

export function exampleEvent(serial: number, bizStep: string): EpcisEvent {
  return {
    type: 'ObjectEvent',
    eventTime: '2024-05-01T08:00:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    epcList: [`urn:epc:id:sgtin:4012345.011111.${serial}`],
    action: 'OBSERVE',
    bizStep,
    readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
  } as EpcisEvent;
}

export async function workedExample(): Promise<{ ledger: Ledger; bundle: ProofBundle }> {
  const seed = Buffer.alloc(32, 1);
  const orgKey = formatSignerKey('acme-foods', ALG_ED25519, seed, ed25519FromSeed(seed).publicKey);
  const store = new SqliteLedgerStore(new Database(':memory:'));
  const ledger = await Ledger.open(
    { store, clock: manualClock(Date.UTC(2024, 4, 1, 6, 30)) },
    { logKey: EXAMPLE_LOG_KEY },
  );
  await ledger.createOrg('acme-foods', { privateKey: orgKey });
  await ledger.append('acme-foods', [
    exampleEvent(1, 'commissioning'),
    exampleEvent(1, 'shipping'),
    exampleEvent(2, 'commissioning'),
  ]);
  await ledger.checkpoint();
  return { ledger, bundle: await ledger.prove(1) };
}
