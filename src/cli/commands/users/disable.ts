/** `xinzhi users disable <username>`: sign-in refused, sessions end. */
import type { Command } from '@commander-js/extra-typings';
import { disableUser } from '../../../server/index.js';
import type { CliContext } from '../../context.js';
import { withDbAndJson } from '../../options.js';
import { changeUser } from './shared.js';

export function registerDisable(users: Command, ctx: CliContext): void {
  withDbAndJson(
    users.command('disable <username>').description('disable a user: sign-in refused, sessions end'),
  ).action(changeUser(ctx, 'disable', (store, u) => disableUser({ store }, u.id, Date.now())));
}
