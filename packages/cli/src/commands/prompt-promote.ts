/** `tracehub prompt promote <name> <version> --label production`: move labels onto a version. */
import type { Command } from 'commander';
import type { PromptVersionView } from '@tracehub/core';
import { contextOf, positiveInt } from '../context.js';
import { printJson, printLine } from '../output.js';

/** Adds `prompt promote`. */
export function registerPromptPromote(prompt: Command): void {
  prompt
    .command('promote')
    .description('Move labels (default production) onto a version; each label sits on one version')
    .argument('<name>', 'prompt name')
    .argument('<version>', 'version number', positiveInt('version'))
    .option('-l, --label <label...>', 'labels to move (default production)')
    .option('--json', 'print the version as JSON')
    .action(async (name: string, version: number, opts: { label?: string[]; json?: boolean }, command: Command) => {
      const labels = opts.label ?? ['production'];
      const answer = await contextOf(command)
        .traceHub()
        .post<PromptVersionView>(`/prompts/${encodeURIComponent(name)}/versions/${version}/labels`, { labels });
      if (opts.json) {
        printJson({ name: answer.name, version: answer.version, labels: answer.labels });
        return;
      }
      printLine(`${answer.name} version ${answer.version} now has: ${answer.labels.join(', ')}.`);
    });
}
