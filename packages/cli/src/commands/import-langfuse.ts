/**
 * `tracehub import langfuse`: copies prompts, datasets, and a time range of traces and scores from a
 * Langfuse server's public API into the Trace Hub project of TRACEHUB_API_KEY, through Trace Hub's
 * own API. Resumable (a state file under .tracehub/) and idempotent (a second run copies nothing new).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { createTraceHubApi } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { boundTime } from '../collect/collect-dates.js';
import { printLine, warn } from '../output.js';
import { traceHubSettings } from '../settings.js';
import { createLangfuseReader } from './import-langfuse-reader.js';
import { emptyCounts, runLangfuseImport, type ImportCounts, type Tally } from './import-langfuse-run.js';
import { defaultStatePath, loadState, saveState } from './import-langfuse-state.js';

interface ImportOptions {
  host?: string;
  publicKey?: string;
  secretKey?: string;
  from?: string;
  to?: string;
  project?: string;
  state?: string;
}

/** Retries of each Trace Hub write (every write is idempotent: keys, or compared content). */
const TRACEHUB_RETRIES = 4;

const tallyLine = (t: Tally) => `${t.new} new, ${t.existing} already in Trace Hub`;

function printCounts(c: ImportCounts): void {
  printLine(`prompt versions: ${tallyLine(c.promptVersions)}; labels set: ${c.promptLabels}`);
  printLine(`datasets: ${tallyLine(c.datasets)}; items: ${tallyLine(c.datasetItems)}`);
  printLine(`traces: ${tallyLine(c.traces)}; observations sent: ${c.observations}`);
  printLine(`scores: ${tallyLine(c.scores)}`);
}

/** The Langfuse server from the options, then LANGFUSE_HOST / LANGFUSE_BASE_URL and the key variables. */
function langfuseSource(opts: ImportOptions) {
  // An empty variable counts as unset.
  const host = (opts.host || process.env.LANGFUSE_HOST || process.env.LANGFUSE_BASE_URL)?.replace(/\/+$/, '');
  const publicKey = opts.publicKey || process.env.LANGFUSE_PUBLIC_KEY;
  const secretKey = opts.secretKey || process.env.LANGFUSE_SECRET_KEY;
  if (!host) throw new CliError('Give the Langfuse server with --host (or LANGFUSE_HOST / LANGFUSE_BASE_URL).');
  if (!publicKey || !secretKey) throw new CliError('Give the Langfuse keys with --public-key and --secret-key (or LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY).');
  return { host, publicKey, secretKey };
}

/** Adds the `import` group with `import langfuse`. */
export function registerImportCommands(program: Command): void {
  const group = program.command('import').description('Copy data from another tool into Trace Hub');
  group
    .command('langfuse')
    .description(
      'Copy prompts (every version and label), datasets and a time range of traces and scores from a Langfuse server into the Trace Hub project of TRACEHUB_API_KEY; run it again to resume or to copy only what is new',
    )
    .option('--host <url>', 'the Langfuse server (default: $LANGFUSE_HOST or $LANGFUSE_BASE_URL); Trace Hub’s address is the global --host before "import"')
    .option('--public-key <key>', 'Langfuse public key (default: $LANGFUSE_PUBLIC_KEY)')
    .option('--secret-key <key>', 'Langfuse secret key (default: $LANGFUSE_SECRET_KEY)')
    .option('--from <time>', 'copy traces from this time (YYYY-MM-DD or ISO 8601; default: the first trace)')
    .option('--to <time>', 'copy traces until this time (default: now)')
    .option('--project <name>', 'check that TRACEHUB_API_KEY belongs to this Trace Hub project before copying')
    .option('--state <file>', 'state file (default: .tracehub/import-langfuse-<hash>.json in this directory)')
    .action(async (opts: ImportOptions, command: Command) => {
      const source = langfuseSource(opts);
      const from = boundTime('--from', opts.from);
      const to = boundTime('--to', opts.to) ?? new Date().toISOString();
      if (from !== undefined && from >= to) throw new CliError(`--from (${from}) must be before --to (${to}).`);
      // The subcommand's --host is Langfuse's: Trace Hub's settings come from the global options.
      const settings = traceHubSettings(process.env, command.parent?.optsWithGlobals<{ host?: string; apiKey?: string }>() ?? {});
      const traceHub = createTraceHubApi({
        host: settings.host,
        apiKey: settings.apiKey,
        hostVariable: 'TRACEHUB_HOST (or the global --host)',
        authHint: 'Set TRACEHUB_API_KEY to a key of the target project with the ingest and read scopes.',
        retries: TRACEHUB_RETRIES,
      });
      const me = await traceHub.get<{ project_id: string | null; projects: Array<{ project_id: string; name: string }> }>('/auth/me');
      if (!me.project_id) throw new CliError('TRACEHUB_API_KEY belongs to no project.');
      const projectName = me.projects.find((p) => p.project_id === me.project_id)?.name ?? me.project_id;
      if (opts.project && opts.project !== projectName && opts.project !== me.project_id) {
        throw new CliError(`TRACEHUB_API_KEY belongs to project "${projectName}", not "${opts.project}"; use a key of that project.`);
      }
      const file = opts.state ?? defaultStatePath(process.cwd(), source.host, settings.host, me.project_id);
      const state = loadState(file, source.host);
      printLine(`importing from Langfuse at ${source.host} into Trace Hub project ${projectName} (state: ${path.relative(process.cwd(), file) || file})`);
      const counts = emptyCounts();
      try {
        await runLangfuseImport({ reader: createLangfuseReader(source), traceHub, state, save: () => saveState(file, state), from, to }, counts);
      } finally {
        // Also when the run stops: what was copied until then (a new run resumes after it).
        printCounts(counts);
      }
      for (const failure of counts.failures) warn(failure);
      if (counts.failures.length > 0) {
        throw new CliError(`${counts.failures.length} item(s) could not be copied (warnings above); the rest is copied, and a new run retries only those.`);
      }
    });
}
