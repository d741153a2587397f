/** `tracehub prompt list`. */
import type { Command } from 'commander';
import type { PromptListResponse } from '@tracehub/core';
import { contextOf } from '../context.js';
import { printJson, printLine, printTable } from '../output.js';

/** Adds `prompt list`. */
export function registerPromptList(prompt: Command): void {
  prompt
    .command('list')
    .description('List prompts with their newest version and labels')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const answer = await contextOf(command).traceHub().get<PromptListResponse>('/prompts');
      if (opts.json) {
        printJson(answer.items);
        return;
      }
      if (answer.items.length === 0) {
        printLine('No prompts yet; push one with: tracehub prompt push targets/<name>');
        return;
      }
      printTable(
        ['PROMPT', 'LATEST', 'VERSIONS', 'TYPE', 'LABELS', 'UPDATED'],
        answer.items.map((p) => [
          p.name,
          p.latest_version,
          p.version_count,
          p.type,
          Object.entries(p.labels).map(([label, version]) => `${label}=${version}`).join(' '),
          p.updated_at.slice(0, 19).replace('T', ' '),
        ]),
      );
    });
}
