/**
 * `xinzhi ledger …`: organisations, signed EPCIS appends, checkpoints, proofs, offline bundle
 * verification, audit, and sending checkpoints to witnesses. Works on `store.ledger` of the main
 * store (`--db`, else $XINZHI_DB, else ./xinzhi.db), the same database `xinzhi serve` uses.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerAppend } from './append.js';
import { registerAudit } from './audit.js';
import { registerCheckpoint } from './checkpoint.js';
import { registerConsistency } from './consistency.js';
import { registerCosign } from './cosign.js';
import { registerKey } from './key.js';
import { registerOrgCreate } from './org-create.js';
import { registerOrgList } from './org-list.js';
import { registerOrgRegister } from './org-register.js';
import { registerOrgRotate } from './org-rotate.js';
import { registerProve } from './prove.js';
import { registerVerify } from './verify.js';

/** Registers the command (typed as `RegisterCommand`; not imported from index.ts to avoid an import cycle). */
export const register = (program: Command, ctx: CliContext): void => {
  const ledger = program
    .command('ledger')
    .description('the signed supply-chain ledger: RFC 9162 log of GS1 EPCIS 2.0 events');
  const org = ledger.command('org').description('organisations and their signing keys');
  registerOrgCreate(org, ctx);
  registerOrgRotate(org, ctx);
  registerOrgRegister(org, ctx);
  registerOrgList(org, ctx);
  registerAppend(ledger, ctx);
  registerCheckpoint(ledger, ctx);
  registerKey(ledger, ctx);
  registerProve(ledger, ctx);
  registerConsistency(ledger, ctx);
  registerVerify(ledger, ctx);
  registerAudit(ledger, ctx);
  registerCosign(ledger, ctx);
};
