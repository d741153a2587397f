/**
 * `tracehub keys …` and `tracehub users …` (SPEC §7): the same commands as `tracehub admin keys …`
 * and `tracehub admin users …`, registered a second time at the top level from the same code. Like
 * every `admin` command they run on the server's machine and open its database directly.
 */
import type { Command } from 'commander';
import { registerAdminKeys } from './admin-keys.js';
import { registerAdminUsers } from './admin-users.js';

const WHERE = "on the server machine: opens the server's database directly (TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL); same as tracehub admin";

/** Adds `keys` and `users`. */
export function registerKeysAndUsers(program: Command): void {
  registerAdminKeys(program);
  registerAdminUsers(program);
  for (const [name, what] of [['keys', 'API keys of a project (by project id or name)'], ['users', 'Web UI users of this instance']]) {
    program.commands.find((c) => c.name() === name)?.description(`${what}, ${WHERE} ${name}`);
  }
}
