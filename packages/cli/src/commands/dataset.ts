/** `tracehub dataset upload|collect|export|list`. */
import type { Command } from 'commander';
import { registerDatasetUpload } from './dataset-upload.js';
import { registerDatasetCollect } from './dataset-collect.js';
import { registerDatasetExport } from './dataset-export.js';
import { registerDatasetList } from './dataset-list.js';

/** Adds the `dataset` command group. */
export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('Datasets: datasets/<name>/test_cases.json + expected.json ↔ the server, collected from production traces');
  registerDatasetUpload(dataset);
  registerDatasetCollect(dataset);
  registerDatasetExport(dataset);
  registerDatasetList(dataset);
}
