/** `tracehub admin keys list|create|revoke`: a project's API keys, including Langfuse-style pairs. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { printJson, printLine, printTable } from '../output.js';
import { withInstanceAdmin } from './admin-store.js';

const SCOPES = ['ingest', 'read', 'admin', 'feedback'] as const;
type Scope = (typeof SCOPES)[number];

const scopeList = (value: string): Scope[] => {
  const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = scopes.find((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad !== undefined || scopes.length === 0) throw new InvalidArgumentError(`--scopes is a comma-separated list of ingest, read, admin, feedback, got "${value}"`);
  return scopes as Scope[];
};

/** Adds the `keys` group under `admin`. */
export function registerAdminKeys(admin: Command): void {
  const keys = admin.command('keys').description('API keys of a project (by project id or name)');
  keys
    .command('list')
    .description('List the API keys of a project, revoked ones included (never the keys themselves)')
    .requiredOption('--project <project>', 'project id or name')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { project: string; json?: boolean }) => {
      const list = await withInstanceAdmin((a) => a.listKeys(opts.project));
      if (opts.json) return printJson(list);
      printTable(
        ['NAME', 'ID', 'PREFIX', 'PUBLIC KEY', 'SCOPES', 'STATE'],
        list.map((k) => [k.name, k.key_id, `${k.key_prefix}…`, k.public_key ?? '', k.scopes.join(','), k.revoked_at ? 'revoked' : 'active']),
      );
    });
  keys
    .command('create')
    .description('Create an API key, printed once; --langfuse issues a pk-lf-… / sk-lf-… pair for Langfuse SDKs')
    .requiredOption('--project <project>', 'project id or name')
    .requiredOption('--name <name>', 'what the key is for')
    .addOption(new Option('--scopes <list>', 'comma-separated: ingest, read, admin').argParser(scopeList).default(['ingest', 'read'], 'ingest,read'))
    .option('--langfuse', 'issue a Langfuse-style key pair (LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY)')
    .option('--json', 'print the key as JSON')
    .action(async (opts: { project: string; name: string; scopes: Scope[]; langfuse?: boolean; json?: boolean }) => {
      const format = opts.langfuse ? 'langfuse' : 'tracehub';
      const key = await withInstanceAdmin((a) => a.createKey(opts.project, { name: opts.name, scopes: opts.scopes, format }));
      if (opts.json) return printJson(key);
      printLine(`created API key ${key.name} (${key.key_id}) with scopes ${key.scopes.join(',')}`);
      if (key.public_key) {
        printLine('shown once; for a Langfuse SDK set:');
        printLine(`LANGFUSE_PUBLIC_KEY=${key.public_key}`);
        printLine(`LANGFUSE_SECRET_KEY=${key.key}`);
      } else {
        printLine(`API key: ${key.key} (shown once)`);
      }
    });
  keys
    .command('revoke <key-id>')
    .description('Revoke an API key (see the ID column of tracehub admin keys list)')
    .requiredOption('--project <project>', 'project id or name')
    .action(async (keyId: string, opts: { project: string }) => {
      await withInstanceAdmin((a) => a.revokeKey(opts.project, keyId));
      printLine(`API key ${keyId} revoked`);
    });
}
