import { userInfo } from 'node:os';

/**
 * Who acts in an audit line a CLI command writes: the operating-system user at the terminal, as
 * `cli:<name>`. The CLI opens the database file directly, so the file's permissions are the
 * access control; the line still says who changed what.
 */
export const cliActor = () => ({
  actorKind: 'cli',
  actorId: null,
  actorName: `cli:${userInfo().username}`.slice(0, 200),
});
