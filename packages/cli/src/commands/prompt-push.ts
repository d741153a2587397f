/** `tracehub prompt push targets/<name>` and `--all targets/`: a new version per changed prompt. */
import type { Command } from 'commander';
import { checkPrompt, type CreatePromptResult } from '@tracehub/core';
import { CliError } from '../cli-error.js';
import { contextOf } from '../context.js';
import { labelProblem, listPromptDirs, readPromptDir, type LocalPrompt } from '../local/prompt-dir.js';
import { printJson, printTable } from '../output.js';
import { startProgress } from '../progress.js';

/** Adds `prompt push`. */
export function registerPromptPush(prompt: Command): void {
  prompt
    .command('push')
    .description('Push targets/<name> as a new version (identical content creates none)')
    .argument('[dir]', 'a prompt directory, e.g. targets/prep_generate')
    .option('--all <root>', 'push every prompt directory under <root>, e.g. targets/')
    .option('-l, --label <label...>', 'labels for the new version, added to .metadata.yaml labels')
    .option('-m, --message <text>', 'commit message (instead of .metadata.yaml commit_message)')
    .option('--json', 'print the results as JSON')
    .action(async (dir: string | undefined, opts: { all?: string; label?: string[]; message?: string; json?: boolean }, command: Command) => {
      if (!dir && !opts.all) throw new CliError('Give a prompt directory (prompt push targets/<name>) or --all targets/.');
      if (dir && opts.all) throw new CliError('Give either a prompt directory or --all, not both.');
      const labelError = labelProblem(opts.label ?? []);
      if (labelError) throw new CliError(`--label ${labelError}.`);
      const dirs = opts.all ? listPromptDirs(opts.all) : [dir as string];
      if (dirs.length === 0) throw new CliError(`${opts.all} holds no prompt directories (each needs a prompt.txt).`);
      // Read and check every prompt before sending any, so a bad file uploads nothing.
      const prompts: LocalPrompt[] = dirs.map(readPromptDir);
      for (const p of prompts) {
        const checked = checkPrompt(p.prompt, p.template_format);
        if (!checked.ok) throw new CliError(`${p.dir}/prompt.txt: ${checked.problem.message}`);
      }
      const client = contextOf(command).traceHub();
      const progress = startProgress('pushing prompts', prompts.length);
      const results: CreatePromptResult[] = [];
      try {
        for (const p of prompts) {
          const labels = [...new Set([...p.labels, ...(opts.label ?? [])])];
          results.push(
            await client.post<CreatePromptResult>('/prompts', {
              name: p.name,
              type: p.type,
              prompt: p.prompt,
              config: p.config,
              labels,
              template_format: p.template_format,
              commit_message: opts.message ?? p.commit_message ?? null,
            }),
          );
          progress.tick();
        }
      } finally {
        progress.stop();
      }
      if (opts.json) {
        printJson(results.map((r) => ({ name: r.prompt.name, version: r.prompt.version, created: r.created, labels: r.prompt.labels, message: r.message })));
        return;
      }
      printTable(
        ['PROMPT', 'VERSION', 'RESULT', 'LABELS'],
        results.map((r) => [r.prompt.name, r.prompt.version, r.created ? 'created' : 'unchanged', r.prompt.labels.join(', ')]),
      );
    });
}
