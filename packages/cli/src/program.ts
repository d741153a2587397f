/** The `tracehub` program: global options, command groups, and one-line errors with a non-zero exit. */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { CliError, errorLine } from './cli-error.js';
import { registerPromptCommands } from './commands/prompt.js';
import { registerDatasetCommands } from './commands/dataset.js';
import { registerExperimentCommands } from './commands/experiment.js';
import { registerAdminCommands } from './commands/admin.js';
import { registerServeCommand } from './commands/serve.js';
import { registerKeysAndUsers } from './commands/keys-users.js';
import { registerImportCommands } from './commands/import-langfuse.js';
import { registerAbCommands } from './commands/ab.js';
import { registerBackupCommands } from './commands/backup.js';

/** Builds the command tree. */
function createProgram(): Command {
  const program = new Command('tracehub')
    .description('Trace Hub command line: prompts and datasets against a Trace Hub server (TRACEHUB_HOST, TRACEHUB_API_KEY).')
    .version('0.1.0')
    .option('--host <url>', 'Trace Hub server (default: $TRACEHUB_HOST or http://localhost:3000)')
    .option('--api-key <key>', 'API key (default: $TRACEHUB_API_KEY or dev-key)')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride();
  registerPromptCommands(program);
  registerDatasetCommands(program);
  registerExperimentCommands(program);
  registerServeCommand(program);
  registerAdminCommands(program);
  registerKeysAndUsers(program);
  registerImportCommands(program);
  registerAbCommands(program);
  registerBackupCommands(program);
  // Subcommands inherit exit override so every failure comes back here.
  const override = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride();
      override(sub);
    }
  };
  override(program);
  return program;
}

/** Runs the CLI; answers the exit code. Errors are printed as one line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help / version).
      return error.exitCode;
    }
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${errorLine(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
