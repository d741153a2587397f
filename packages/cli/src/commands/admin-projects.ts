/** `tracehub admin projects list|create` and `tracehub admin members list|add|remove`. */
import { InvalidArgumentError, type Command } from 'commander';
import { printJson, printLine, printTable } from '../output.js';
import { withInstanceAdmin } from './admin-store.js';

const ROLES = ['admin', 'member', 'viewer'] as const;
type Role = (typeof ROLES)[number];

const role = (value: string): Role => {
  if (!(ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`--role must be admin, member or viewer, got "${value}"`);
  return value as Role;
};

/** Adds the `projects` group under `admin`. */
export function registerAdminProjects(admin: Command): void {
  const projects = admin.command('projects').description('Projects of this instance');
  projects
    .command('list')
    .description('List every project with its number of members')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withInstanceAdmin((a) => a.listProjects());
      if (opts.json) return printJson(list.map((p) => ({ project_id: p.project_id, name: p.name, members: p.members })));
      printTable(['PROJECT', 'ID', 'MEMBERS'], list.map((p) => [p.name, p.project_id, p.members]));
    });
  projects
    .command('create <name>')
    .description('Create a project; its first admin API key is printed once')
    .option('--admin <username>', 'make this user the project’s admin member')
    .action(async (name: string, opts: { admin?: string }) => {
      const { project, apiKey } = await withInstanceAdmin((a) => a.createProject(name, opts.admin));
      printLine(`created project ${project.name} (${project.project_id})${opts.admin ? ` with admin member ${opts.admin.toLowerCase()}` : ''}`);
      printLine(`admin API key: ${apiKey} (shown once)`);
    });
}

/** Adds the `members` group under `admin`. */
export function registerAdminMembers(admin: Command): void {
  const members = admin.command('members').description('Who belongs to a project (by project id or name), and with which role');
  members
    .command('list <project>')
    .description('List the members of a project')
    .option('--json', 'print the list as JSON')
    .action(async (project: string, opts: { json?: boolean }) => {
      const list = await withInstanceAdmin((a) => a.listMembers(project));
      if (opts.json) return printJson(list);
      printTable(['USERNAME', 'ROLE'], list.map((m) => [m.username, m.role]));
    });
  members
    .command('add <project> <username>')
    .description('Add a user to a project, or change their role there')
    .option('--role <role>', 'admin, member or viewer', role, 'viewer')
    .action(async (project: string, username: string, opts: { role: Role }) => {
      await withInstanceAdmin((a) => a.addMember(project, username, opts.role));
      printLine(`${username.toLowerCase()} is ${opts.role} of ${project}`);
    });
  members
    .command('remove <project> <username>')
    .description('Remove a user from a project')
    .action(async (project: string, username: string) => {
      await withInstanceAdmin((a) => a.removeMember(project, username));
      printLine(`${username.toLowerCase()} removed from ${project}`);
    });
}
