/** `tracehub experiment upload <run>`: uploads a results folder to Trace Hub as the run's artifacts (the tracehub tracker does it at the end of a run). */
import type { Command } from 'commander';
import { findResultsDir, uploadResultsArtifacts } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { printJson, printLine } from '../output.js';
import { traceHubSettings } from '../settings.js';

/** Adds `experiment upload`. */
export function registerExperimentUpload(experiment: Command): void {
  experiment
    .command('upload')
    .description("Upload a run's results folder (every file its manifest.json lists, sha256-checked by the server) as the run's artifacts; the run must be stored on the server (tracker tracehub)")
    .argument('<run>', 'a results directory, or an experiment name under --out')
    .option('-o, --out <dir>', 'results root', 'results')
    .option('--json', 'print what was uploaded as JSON')
    .action(async (run: string, flags: { out: string; json?: boolean }, command: Command) => {
      const dir = findResultsDir(run, process.cwd(), flags.out);
      if (!dir) throw new CliError(`"${run}" is not a results folder (no config/run_config.json there or under ${flags.out}/).`);
      const settings = traceHubSettings(process.env, command.optsWithGlobals<{ host?: string; apiKey?: string }>());
      let result: Awaited<ReturnType<typeof uploadResultsArtifacts>>;
      try {
        result = await uploadResultsArtifacts(settings, dir);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      if (flags.json) return printJson(result);
      printLine(`Uploaded ${result.files} file(s), ${result.bytes} bytes, of run ${result.runId} to ${settings.host}.`);
    });
}
