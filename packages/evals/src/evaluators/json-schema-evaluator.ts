/** `json_schema`: the output is JSON that satisfies a JSON Schema (ajv). */
import fs from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { textTranslator } from '../report/report-lang.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, stringOption, type EvaluatorSpec } from './evaluator-spec.js';
import { parseOutputJson } from './output-json.js';

/**
 * Creates the evaluator. Options: `schema` (inline) or `schema_file` (a JSON file); the item's expected
 * `json_schema` wins when present. With no schema at all, the output only has to be JSON.
 */
export function createJsonSchemaEvaluator(spec: EvaluatorSpec): Evaluator {
  const base = evaluatorBase(spec, 1);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const file = stringOption(spec, 'schema_file');
  const configured = file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as object) : ((spec.schema as object | undefined) ?? {});
  let compiledDefault: ValidateFunction;
  try {
    compiledDefault = ajv.compile(configured);
  } catch (error) {
    throw new Error(`evaluator ${base.name}: the schema is not a valid JSON Schema (${(error as Error).message}).`);
  }
  const perItem = new Map<string, ValidateFunction>();
  return {
    ...base,
    type: 'json_schema',
    async evaluate({ output, expected, lang }) {
      const t = textTranslator(lang ?? 'en');
      let validate = compiledDefault;
      if (expected.jsonSchema) {
        const key = JSON.stringify(expected.jsonSchema);
        validate = perItem.get(key) ?? ajv.compile(expected.jsonSchema);
        perItem.set(key, validate);
      }
      const json = parseOutputJson(output);
      if (json === undefined) {
        return {
          score: 0,
          comment: { failed_items: [t('the output is not JSON')], reasoning: t('No JSON value could be read from the output.'), suggestions: [t('Ask for JSON only (response_format json_object helps).')] },
        };
      }
      const ok = validate(json);
      const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
      return {
        score: ok ? 1 : 0,
        comment: {
          passed_items: ok ? [t('the output satisfies the schema')] : [],
          failed_items: errors,
          reasoning: ok
            ? t('The output is JSON that satisfies the schema.')
            : t(errors.length > 1 ? 'The JSON output breaks the schema in {n} places.' : 'The JSON output breaks the schema in 1 place.', { n: errors.length }),
          suggestions: ok ? [] : [t('Show the model the expected JSON shape and ask for nothing else.')],
        },
      };
    },
  };
}
