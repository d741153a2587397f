/** Reading YAML files whose errors name the file and the line and column. */
import fs from 'node:fs';
import YAML from 'yaml';
import { CliError } from '../cli-error.js';

/** Parses the YAML at `path`; answers undefined when the file does not exist. */
export function readYamlFile(path: string): unknown {
  if (!fs.existsSync(path)) return undefined;
  const text = fs.readFileSync(path, 'utf8');
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = error.linePos?.[0];
    const where = pos ? ` line ${pos.line}, column ${pos.col}` : '';
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new CliError(`${path}${where}: invalid YAML: ${message}`);
  }
  return doc.toJS() ?? {};
}
