/** Policy definitions shown as YAML, printed by the `yaml` package. */
import { stringify } from 'yaml';

/**
 * YAML text of a policy definition (block style, strings quoted only when needed). Lines are never
 * folded (`lineWidth: 0`), so a long pattern or prompt reads as the one line it was written as.
 */
export function policyYaml(definition: unknown): string {
  return stringify(definition, { lineWidth: 0 });
}
