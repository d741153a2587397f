/** Entry point of the `tracehub` command (bin/tracehub.js). */
import { runCli } from './program.js';

// A reader that stops early (`tracehub experiment list | head`) closes the pipe: the rest of the
// output has nowhere to go, so stop quietly instead of crashing with an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv);
