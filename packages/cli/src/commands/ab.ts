/** `tracehub ab create|list|results`: A/B tests on the server (docs/ab-tests.md). */
import fs from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AB_UNITS, type AbInterval, type AbResultsView, type AbTestView } from '@tracehub/core';
import { CliError } from '../cli-error.js';
import { contextOf } from '../context.js';
import { printJson, printLine, printTable } from '../output.js';

/** Collects a repeatable `<key>=<value>` option into [key, value] pairs. */
const pairs = (flag: string) => (value: string, previous: [string, string][] = []): [string, string][] => {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`${flag} takes <variant>=<value>, got "${value}"`);
  return [...previous, [value.slice(0, at), value.slice(at + 1)]];
};
const repeat = (value: string, previous: string[] = []) => [...previous, value];

interface CreateOptions {
  variant?: [string, string][];
  model?: [string, string][];
  endpoint?: [string, string][];
  promptLabel?: [string, string][];
  unit?: string;
  primary?: string;
  guardrail?: string[];
  minLift?: string;
  start?: string;
  stop?: string;
  file?: string;
  json?: boolean;
}

/** The create body: the file's JSON object, then the options over it. */
function createBody(name: string, opts: CreateOptions): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (opts.file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(opts.file, 'utf8'));
    } catch (error) {
      throw new CliError(`--file ${opts.file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`--file ${opts.file}: must hold a JSON object (a test definition)`);
    body = parsed as Record<string, unknown>;
  }
  body.name = name;
  if (opts.variant?.length) {
    body.variants = opts.variant.map(([key, weight]) => {
      if (!/^\d+$/.test(weight)) throw new CliError(`--variant ${key}=${weight}: the weight must be a whole number`);
      return { key, weight: Number(weight) };
    });
  }
  const variants = (Array.isArray(body.variants) ? body.variants : []) as Record<string, unknown>[];
  for (const [flag, field, list] of [['--model', 'model', opts.model], ['--endpoint', 'endpoint', opts.endpoint], ['--prompt-label', 'prompt_label', opts.promptLabel]] as const) {
    for (const [key, value] of list ?? []) {
      const variant = variants.find((v) => v.key === key);
      if (!variant) throw new CliError(`${flag} ${key}=…: no variant "${key}" (give it with --variant ${key}=<weight>)`);
      variant[field] = value;
    }
  }
  if (opts.unit) body.unit = opts.unit;
  if (opts.primary) body.primary_metric = opts.primary;
  if (opts.guardrail?.length) body.guardrail_metrics = opts.guardrail;
  if (opts.minLift !== undefined) {
    const lift = Number(opts.minLift);
    if (!Number.isFinite(lift) || lift <= 0) throw new CliError(`--min-lift must be a positive number such as 0.05, got "${opts.minLift}"`);
    body.minimum_lift = lift;
  }
  if (opts.start) body.start_at = opts.start;
  if (opts.stop) body.stop_at = opts.stop;
  if (!Array.isArray(body.variants)) throw new CliError('give the variants: --variant control=90 --variant new_model=10 (the first is the control), or --file test.json');
  return body;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const num = (v: number | null, metric: string) => (v === null ? '–' : metric.endsWith('_rate') ? pct(v) : String(Number(v.toPrecision(4))));
const interval = (i: AbInterval, metric: string) => (i.low === null || i.high === null ? num(i.estimate, metric) : `${num(i.estimate, metric)} [${num(i.low, metric)}, ${num(i.high, metric)}]`);

/** Adds the `ab` command group. */
export function registerAbCommands(program: Command): void {
  const ab = program.command('ab').description('A/B tests: variants with weights, sticky assignment, results with always-valid intervals');
  ab.command('create')
    .description('Create a test; the first --variant is the control')
    .argument('<name>', 'test name (unique in the project)')
    .option('--variant <key=weight>', 'a variant and its whole-number weight (repeat; e.g. control=90 new_model=10)', pairs('--variant'))
    .option('--model <key=model>', 'the model a variant uses (repeat)', pairs('--model'))
    .option('--endpoint <key=endpoint>', 'the endpoint a variant calls, e.g. new_model=LLM_API_BASE_NEW_MODEL (repeat)', pairs('--endpoint'))
    .option('--prompt-label <key=label>', 'the prompt label a variant uses (repeat)', pairs('--prompt-label'))
    .addOption(new Option('--unit <unit>', 'what is assigned').choices(AB_UNITS))
    .option('--primary <metric>', 'deciding metric: review_pass_rate, error_rate, latency_ms, total_tokens, cost, block_rate, escalate_rate or eval:<name>')
    .option('--guardrail <metric>', 'a guardrail metric (repeat)', repeat)
    .option('--min-lift <fraction>', 'relative lift to detect (default 0.05)')
    .option('--start <iso>', 'start time (ISO 8601)')
    .option('--stop <iso>', 'stop time (ISO 8601)')
    .option('--file <test.json>', 'a JSON test definition (options override it)')
    .option('--json', 'print the created test as JSON')
    .action(async (name: string, opts: CreateOptions, command: Command) => {
      const test = await contextOf(command).traceHub().post<AbTestView>('/ab-tests', createBody(name, opts));
      if (opts.json) return printJson(test);
      printLine(`Created A/B test ${test.name} (${test.test_id}): ${test.variants.map((v) => `${v.key} ${v.weight}`).join(' / ')}, unit ${test.unit}, primary ${test.primary_metric}.`);
    });
  ab.command('list')
    .description('List the tests of the project')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const { tests } = await contextOf(command).traceHub().get<{ tests: AbTestView[] }>('/ab-tests');
      if (opts.json) return printJson(tests);
      if (tests.length === 0) return printLine('No A/B tests yet; create one with: tracehub ab create <name> --variant control=90 --variant new_model=10');
      printTable(['NAME', 'ID', 'STATUS', 'UNIT', 'VARIANTS', 'PRIMARY', 'CREATED'], tests.map((t) => [
        t.name, t.test_id, t.status, t.unit, t.variants.map((v) => `${v.key}=${v.weight}`).join(' '), t.primary_metric, t.created_at.slice(0, 19).replace('T', ' '),
      ]));
    });
  ab.command('results')
    .description('Per-variant results with intervals, the sample-ratio check and the verdict')
    .argument('<test>', 'test id or name')
    .option('--alpha <alpha>', 'significance level (default 0.05: 95 % intervals)')
    .option('--json', 'print the results as JSON')
    .action(async (id: string, opts: { alpha?: string; json?: boolean }, command: Command) => {
      const query = opts.alpha !== undefined ? `?alpha=${encodeURIComponent(opts.alpha)}` : '';
      const r = await contextOf(command).traceHub().get<AbResultsView>(`/ab-tests/${encodeURIComponent(id)}/results${query}`);
      if (opts.json) return printJson(r);
      const metrics = [r.test.primary_metric, ...r.test.guardrail_metrics];
      printLine(`${r.test.name} (${r.test.test_id}), ${r.test.status}; ${r.traces_read} traces read${r.truncated ? ' (newest only: truncated)' : ''}.`);
      printTable(['VARIANT', 'UNITS', 'TRACES', 'SHARE', 'EXPECTED'], r.variants.map((v) => [v.key, v.units, v.traces, pct(v.observed_share), pct(v.expected_share)]));
      printLine();
      printTable(['METRIC', 'VARIANT', 'VALUE [CI]', 'DIFF [CI]', 'P', 'ALWAYS-VALID DIFF [CI]'], metrics.flatMap((metric) => r.variants.map((v) => {
        const m = v.metrics.find((x) => x.metric === metric);
        const d = m?.difference;
        return [metric, v.key, m ? interval(m.value, metric) : '–', d ? interval(d, metric) : '', d?.p_value != null ? d.p_value.toPrecision(2) : '', d ? interval(d.sequential, metric) : ''];
      })));
      printLine();
      printLine(`Sample ratio: chi-square ${r.srm.chi_square.toFixed(2)}, p ${r.srm.p_value === null ? '–' : r.srm.p_value.toPrecision(2)}${r.srm.mismatch ? ' — MISMATCH' : ' (ok)'}`);
      printLine(r.verdict);
    });
}
