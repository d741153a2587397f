/** `tracehub dataset list`. */
import type { Command } from 'commander';
import type { DatasetListResponse } from '@tracehub/core';
import { contextOf } from '../context.js';
import { printJson, printLine, printTable } from '../output.js';

/** Adds `dataset list`. */
export function registerDatasetList(dataset: Command): void {
  dataset
    .command('list')
    .description('List datasets with their latest version')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const answer = await contextOf(command).traceHub().get<DatasetListResponse>('/datasets');
      if (opts.json) {
        printJson(answer.items);
        return;
      }
      if (answer.items.length === 0) {
        printLine('No datasets yet; upload one with: tracehub dataset upload --name <name>');
        return;
      }
      printTable(
        ['DATASET', 'VERSION', 'ITEMS', 'SHA256', 'UPDATED'],
        answer.items.map((d) => [d.name, d.latest_version, d.item_count, d.sha256?.slice(0, 12) ?? '', d.updated_at.slice(0, 19).replace('T', ' ')]),
      );
    });
}
