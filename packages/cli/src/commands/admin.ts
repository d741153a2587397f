/**
 * `tracehub admin users|projects|members|keys`: instance administration on the server's machine. It opens
 * the server's store directly (TRACEHUB_DATA_DIR / TRACEHUB_DATABASE_URL and `.env`, as `npm start`
 * reads them) and never goes over HTTP, so no API key can do what it does.
 */
import type { Command } from 'commander';
import { registerAdminUsers } from './admin-users.js';
import { registerAdminMembers, registerAdminProjects } from './admin-projects.js';
import { registerAdminKeys } from './admin-keys.js';

/** Adds the `admin` command group. */
export function registerAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description("Instance administration on the server machine: opens the server's database directly (TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL)");
  registerAdminUsers(admin);
  registerAdminProjects(admin);
  registerAdminMembers(admin);
  registerAdminKeys(admin);
}
