/** Entry point of the `tracehub` command (bin/tracehub.js). */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv);
