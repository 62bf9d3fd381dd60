import { register as plan } from './plan.js';
import { register as queue } from './queue.js';
import { register as solve } from './solve.js';

import type { RegisterCommand } from './types.js';

export type { RegisterCommand } from './types.js';

/** Every command of `xinzhi`, one module each; add new ones here. */
export const commands: readonly RegisterCommand[] = [solve, plan, queue];
