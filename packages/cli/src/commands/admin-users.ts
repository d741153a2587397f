/** `tracehub admin users list|create|set-password|set-instance-admin`. */
import type { Command } from 'commander';
import { printJson, printLine, printTable } from '../output.js';
import { passwordOption, withInstanceAdmin } from './admin-store.js';

interface PasswordOpts {
  password?: string;
  passwordStdin?: boolean;
}

const PASSWORD_HELP = 'the password (visible in the process list; prefer --password-stdin); default: a generated one, printed once';

/** Adds the `users` group under `admin`. */
export function registerAdminUsers(admin: Command): void {
  const users = admin.command('users').description('Web UI users of this instance');
  users
    .command('list')
    .description('List users with the instance-administrator flag and their projects')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withInstanceAdmin((a) => a.listUsers());
      if (opts.json) return printJson(list);
      printTable(
        ['USERNAME', 'INSTANCE ADMIN', 'PROJECTS'],
        list.map((u) => [u.username, u.instance_admin ? 'yes' : 'no', u.projects.map((p) => `${p.name}=${p.role}`).join(' ')]),
      );
    });
  users
    .command('create <username>')
    .description('Create a user (add them to projects with: tracehub admin members add)')
    .option('--password <password>', PASSWORD_HELP)
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--instance-admin', 'make the user an instance administrator')
    .action(async (username: string, opts: PasswordOpts & { instanceAdmin?: boolean }) => {
      const password = await passwordOption(opts);
      const { user, generatedPassword } = await withInstanceAdmin((a) => a.createUser({ username, password, instanceAdmin: opts.instanceAdmin }));
      printLine(`created user ${user.username} (${user.user_id})${user.instance_admin ? ', instance administrator' : ''}`);
      if (generatedPassword) printLine(`password: ${generatedPassword} (shown once)`);
    });
  users
    .command('set-password <username>')
    .description("Set a user's password and end their sessions")
    .option('--password <password>', PASSWORD_HELP)
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (username: string, opts: PasswordOpts) => {
      const password = await passwordOption(opts);
      const { generatedPassword } = await withInstanceAdmin((a) => a.setPassword(username, password));
      printLine(`password of ${username.toLowerCase()} changed; their sessions ended`);
      if (generatedPassword) printLine(`password: ${generatedPassword} (shown once)`);
    });
  users
    .command('set-instance-admin <username>')
    .description('Make a user an instance administrator (--off takes it away; the last one keeps it)')
    .option('--off', 'take the instance-administrator flag away')
    .action(async (username: string, opts: { off?: boolean }) => {
      const user = await withInstanceAdmin((a) => a.setInstanceAdmin(username, !opts.off));
      printLine(`${user.username} is ${user.instance_admin ? 'now' : 'no longer'} an instance administrator`);
    });
}
