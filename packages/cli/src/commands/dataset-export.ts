/** `tracehub dataset export --name <name> --format jsonl|csv|chat-jsonl`. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { renderPrompt, type DatasetDetail, type PromptVersionView } from '@tracehub/core';
import { CliError } from '../cli-error.js';
import { contextOf, positiveInt } from '../context.js';
import { toChatJsonl, toCsv, toJsonl, userText, type ChatRenderer } from '../export/export-formats.js';
import { note, warn } from '../output.js';

interface ExportOptions {
  name: string;
  format: string;
  version?: number;
  output?: string;
  includeArchived?: boolean;
  prompt?: string;
  promptLabel?: string;
  promptVersion?: number;
  bom?: boolean;
}

const FORMATS = ['jsonl', 'csv', 'chat-jsonl'];

/** Adds `dataset export`. */
export function registerDatasetExport(dataset: Command): void {
  dataset
    .command('export')
    .description('Export a dataset version as JSONL, CSV, or chat fine-tuning JSONL')
    .requiredOption('-n, --name <name>', 'dataset name')
    .option('-f, --format <format>', 'jsonl | csv | chat-jsonl', 'jsonl')
    .option('--version <n>', 'dataset version (default the latest)', positiveInt('--version'))
    .option('-o, --output <file>', 'write here instead of stdout')
    .option('--include-archived', 'also export archived items')
    .option('--bom', 'csv: start with a UTF-8 BOM so Excel reads Korean text (default when writing a file with -o)')
    .option('--no-bom', 'csv: no BOM (default on stdout)')
    .option('--prompt <name>', 'chat-jsonl: render this prompt with each item\'s input as the user/system messages')
    .option('--prompt-label <label>', 'chat-jsonl: the prompt version with this label (default production)')
    .option('--prompt-version <n>', 'chat-jsonl: this prompt version', positiveInt('--prompt-version'))
    .action(async (opts: ExportOptions, command: Command) => {
      if (!FORMATS.includes(opts.format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}, got "${opts.format}".`);
      if (opts.bom !== undefined && opts.format !== 'csv') throw new CliError('--bom and --no-bom are only used with --format csv.');
      if (opts.prompt && opts.format !== 'chat-jsonl') throw new CliError('--prompt is only used with --format chat-jsonl.');
      const client = contextOf(command).traceHub();
      const detail = await client.get<DatasetDetail>(`/datasets/${encodeURIComponent(opts.name)}`, { version: opts.version });
      const items = detail.items.filter((i) => opts.includeArchived || i.status === 'active');
      let text: string;
      let written = items.length;
      if (opts.format === 'jsonl') text = toJsonl(items);
      else if (opts.format === 'csv') text = toCsv(items, opts.bom ?? !!opts.output);
      else {
        let render: ChatRenderer = (item) => [{ role: 'user', content: userText(item.input) }];
        if (opts.prompt) {
          const prompt = await client.get<PromptVersionView>(`/prompts/${encodeURIComponent(opts.prompt)}`, {
            label: opts.promptVersion ? undefined : opts.promptLabel,
            version: opts.promptVersion,
          });
          render = (item) => {
            const variables = item.input && typeof item.input === 'object' && !Array.isArray(item.input) ? (item.input as Record<string, unknown>) : { input: item.input };
            const rendered = renderPrompt(prompt.prompt, prompt.template_format, variables);
            if (!rendered.ok) throw new CliError(`item "${item.id}": ${rendered.problem.message} (prompt ${prompt.name} version ${prompt.version})`);
            return typeof rendered.value === 'string' ? [{ role: 'user', content: rendered.value }] : rendered.value;
          };
        }
        const chat = toChatJsonl(items, render);
        text = chat.text;
        written = chat.written;
        if (chat.skipped.length) {
          warn(
            `skipped ${chat.skipped.length} item(s) without an assistant answer (expected_output text, or its output/answer/response, or reference.exact): ` +
              `${chat.skipped.slice(0, 5).join(', ')}${chat.skipped.length > 5 ? ', …' : ''}`,
          );
        }
      }
      if (opts.output) {
        // A missing folder is created, as `experiment run -o` does.
        fs.mkdirSync(path.dirname(path.resolve(opts.output)), { recursive: true });
        fs.writeFileSync(opts.output, text);
        note(`Wrote ${written} item(s) of ${opts.name} version ${detail.version?.version ?? 0} to ${opts.output}.`);
      } else process.stdout.write(text);
    });
}
