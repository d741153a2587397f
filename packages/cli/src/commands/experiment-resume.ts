/**
 * What `experiment run --resume <run>` accepts. A resume continues the run as config/run_config.json
 * recorded it; only how the rest proceeds may change (RESUMABLE_SETTINGS of @tracehub/evals:
 * concurrency, the response cache, the CI gate, the report language, pass@k's k values). Any other flag would be
 * silently ignored, so it is refused — and `--retry-errors` without `--resume` too.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

/** Options (commander attribute names) a resume may be given. */
const RESUME_OPTIONS = new Set(['resume', 'retryErrors', 'concurrency', 'cache', 'cacheDir', 'baseline', 'allowPartialBaseline', 'threshold', 'reportLang', 'passAtK', 'out', 'json']);

/** Throws a CliError when `command` was given flags that do not go with (or need) `--resume`. */
export function checkResumeFlags(command: Command): void {
  const given = command.options.filter((o) => command.getOptionValueSource(o.attributeName()) === 'cli');
  const resume = given.some((o) => o.attributeName() === 'resume');
  if (!resume) {
    if (given.some((o) => o.attributeName() === 'retryErrors')) throw new CliError('--retry-errors goes with --resume <run> (it re-runs the errored items of that run).');
    return;
  }
  const refused = given.filter((o) => !RESUME_OPTIONS.has(o.attributeName())).map((o) => o.long ?? o.flags);
  if (refused.length) {
    throw new CliError(
      `--resume continues the run as config/run_config.json recorded it, so ${refused.join(', ')} cannot change; ` +
        'a resume may be given --retry-errors, --concurrency, --no-cache, --cache-dir, --baseline, --allow-partial-baseline, --threshold, --report-lang, --pass-at-k, --out and --json (start a new run for anything else).',
    );
  }
}
