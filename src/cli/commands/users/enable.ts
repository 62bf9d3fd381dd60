/** `xinzhi users enable <username>`: a disabled user may sign in again. */
import type { Command } from '@commander-js/extra-typings';
import { enableUser } from '../../../server/index.js';
import type { CliContext } from '../../context.js';
import { withDbAndJson } from '../../options.js';
import { changeUser } from './shared.js';

export function registerEnable(users: Command, ctx: CliContext): void {
  withDbAndJson(users.command('enable <username>').description('enable a disabled user')).action(
    changeUser(ctx, 'enable', (store, u) => enableUser({ store }, u.id)),
  );
}
