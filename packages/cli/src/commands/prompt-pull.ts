/** `tracehub prompt pull <name> [--label|--version] -o <dir>`: prompt.txt byte for byte, and .metadata.yaml. */
import path from 'node:path';
import type { Command } from 'commander';
import type { PromptVersionView } from '@tracehub/core';
import { CliError } from '../cli-error.js';
import { contextOf, positiveInt } from '../context.js';
import { writePromptDir } from '../local/prompt-dir.js';
import { printJson, printLine } from '../output.js';

/** Adds `prompt pull`. */
export function registerPromptPull(prompt: Command): void {
  prompt
    .command('pull')
    .description('Write a prompt version to <dir>/prompt.txt and <dir>/.metadata.yaml')
    .argument('<name>', 'prompt name')
    .option('--label <label>', 'the version with this label (default production)')
    .option('--version <n>', 'this version number', positiveInt('--version'))
    .option('-o, --output <dir>', 'directory to write (default targets/<name>)')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, opts: { label?: string; version?: number; output?: string; json?: boolean }, command: Command) => {
      if (opts.label && opts.version) throw new CliError('Give --label or --version, not both.');
      const client = contextOf(command).traceHub();
      const pulled = await client.get<PromptVersionView>(`/prompts/${encodeURIComponent(name)}`, {
        label: opts.version ? undefined : opts.label,
        version: opts.version,
      });
      const dir = opts.output ?? path.join('targets', name);
      const files = writePromptDir(dir, pulled);
      if (opts.json) {
        printJson({ name: pulled.name, version: pulled.version, labels: pulled.labels, ...files });
        return;
      }
      printLine(`Wrote ${files.promptFile} and ${files.metadataFile}: ${pulled.name} version ${pulled.version} (${pulled.labels.join(', ') || 'no labels'}).`);
    });
}
