// Child process entry: runs one load with the options in argv[2] (JSON) and prints the result as JSON.
import { runLoad } from './load.mjs';

const result = await runLoad(JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify(result));
