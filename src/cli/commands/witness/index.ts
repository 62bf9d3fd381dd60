/**
 * `xinzhi witness …`: a partner's witness. It keeps its own key and state (in its own --db), and
 * cosigns a log's checkpoint only after checking a consistency proof from the last checkpoint it
 * cosigned (C2SP tlog-witness). `serve` speaks the tlog-witness HTTP API (POST /add-checkpoint);
 * `cosign` does the same for one request file, offline.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerAddLog } from './add-log.js';
import { registerCosign } from './cosign.js';
import { registerInit } from './init.js';
import { registerServe } from './serve.js';

/** Registers the command (typed as `RegisterCommand`; not imported from index.ts to avoid an import cycle). */
export const register = (program: Command, ctx: CliContext): void => {
  const w = program.command('witness').description("a partner's witness that cosigns consistent checkpoints");
  registerInit(w, ctx);
  registerAddLog(w, ctx);
  registerCosign(w, ctx);
  registerServe(w, ctx);
};
