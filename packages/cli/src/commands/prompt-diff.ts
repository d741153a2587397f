/** `tracehub prompt diff <name> <v1> <v2>`: unified diffs of the template and config. */
import type { Command } from 'commander';
import type { PromptDiff } from '@tracehub/core';
import { contextOf } from '../context.js';
import { printJson, printLine } from '../output.js';

/** Adds `prompt diff`. */
export function registerPromptDiff(prompt: Command): void {
  prompt
    .command('diff')
    .description('Show what changed between two versions (numbers or labels, e.g. 1 production)')
    .argument('<name>', 'prompt name')
    .argument('<from>', 'version number or label')
    .argument('<to>', 'version number or label')
    .option('--json', 'print the diff as JSON')
    .action(async (name: string, from: string, to: string, opts: { json?: boolean }, command: Command) => {
      const answer = await contextOf(command).traceHub().get<PromptDiff>(`/prompts/${encodeURIComponent(name)}/diff`, { from, to });
      if (opts.json) {
        printJson(answer);
        return;
      }
      if (answer.identical) {
        printLine(`${name}: versions ${answer.from} and ${answer.to} have the same content.`);
        return;
      }
      for (const [field, change] of Object.entries(answer.changes)) if (change) printLine(`${field}: ${change[0]} → ${change[1]}`);
      if (answer.prompt_diff) process.stdout.write(answer.prompt_diff);
      if (answer.config_diff) process.stdout.write(answer.config_diff);
    });
}
