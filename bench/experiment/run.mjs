/**
 * bench/experiment: 1,000 items through the offline provider with every non-LLM evaluator, timed
 * against promptfoo on the same items, the same model answers and the same assertions, in one run.
 *
 *   npm run build && node bench/experiment/run.mjs [--items 1000] [--rounds 3] [--concurrency 4]
 *
 * promptfoo must be installed in bench/experiment/promptfoo/ (see README.md); without it only
 * Trace Hub is timed. Each round runs both tools one after the other as child processes (wall time,
 * process start included) in a fresh temp workspace; the median round is reported.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = Object.fromEntries(process.argv.slice(2).map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]] : null)).filter(Boolean));
const ITEMS = Number(args.items ?? 1000);
const ROUNDS = Number(args.rounds ?? 3);
const CONCURRENCY = Number(args.concurrency ?? 4);
const CLI = path.join(root, 'packages/cli/bin/tracehub.js');
const PROMPTFOO = path.join(here, 'promptfoo/node_modules/promptfoo/dist/src/main.js');
const OFFLINE = path.join(root, 'packages/evals/dist/model/offline-provider.js');

const COMPANIES = ['네이버', '카카오', '토스', '쿠팡', '넥슨', '라인', '당근', '배민'];
const POSITIONS = ['백엔드 개발자', 'iOS 개발자', '데이터 분석가', '게임 클라이언트 개발자', 'SRE'];
const PROMPT = `당신은 커리어 코치입니다.
회사: {{company}}
직무: {{position}}
경력: {{experience}}
핵심 역량과 예상 질문을 정리하세요.
Answer only with JSON like {"summary": "...", "skills": ["..."], "score": 0}`;
const SCHEMA = { type: 'object', required: ['summary', 'skills', 'score'], properties: { summary: { type: 'string' }, skills: { type: 'array', items: { type: 'string' } }, score: { type: 'number' } } };
const REGEX = '"skills"';
/** A price for the offline model, so the cost evaluator computes on both sides (USD per token). */
const PRICE = { match: '^offline-bench$', input: 1e-7, output: 4e-7 };

/** The same items for both tools. */
function items() {
  return Array.from({ length: ITEMS }, (_, i) => {
    const company = COMPANIES[i % COMPANIES.length];
    const position = POSITIONS[i % POSITIONS.length];
    const experience = `경력 ${i % 11}년 (프로젝트 ${i})`;
    return {
      id: `case_${String(i).padStart(4, '0')}`,
      inputs: { company, position, experience },
      expected: { keywords: [company, 'skills'], forbidden: ['연봉'], reference: `회사: ${company}` },
    };
  });
}

function writeTraceHub(dir, list) {
  fs.mkdirSync(path.join(dir, 'datasets/bench'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'targets/bench'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'datasets/bench/test_cases.json'), JSON.stringify(list.map((c) => ({ id: c.id, inputs: c.inputs }))));
  fs.writeFileSync(path.join(dir, 'datasets/bench/expected.json'), JSON.stringify(Object.fromEntries(list.map((c) => [c.id, c.expected]))));
  fs.writeFileSync(path.join(dir, 'targets/bench/prompt.txt'), PROMPT);
  fs.writeFileSync(path.join(dir, 'targets/bench/.metadata.yaml'), 'type: text\ntemplate_format: mustache\nconfig: {}\n');
  fs.writeFileSync(
    path.join(dir, 'tracehub.eval.yaml'),
    YAML.stringify({
      name: 'bench', dataset: { name: 'bench', source: 'local' }, prompts: ['bench'], models: [{ provider: 'offline', model: 'offline-bench' }],
      evaluators: ['keywords', 'forbidden', 'reference', { type: 'regex', pattern: REGEX }, { type: 'json_schema', schema: SCHEMA }, { type: 'similarity', method: 'levenshtein' }, { type: 'latency', max_ms: 5000 }, { type: 'cost', max_usd: 0.01 }],
      concurrency: CONCURRENCY, trackers: 'none', cache: false,
    }),
  );
}

function writePromptfoo(dir, list) {
  fs.writeFileSync(path.join(dir, 'prompt.txt'), PROMPT);
  fs.writeFileSync(
    path.join(dir, 'offline-provider.mjs'),
    `import { offlineAnswer } from ${JSON.stringify(OFFLINE)};
const tokens = (t) => Math.max(1, Math.ceil(Buffer.byteLength(t, 'utf8') / 4));
export default class OfflineProvider {
  id() { return 'offline-bench'; }
  async callApi(prompt) {
    const output = offlineAnswer('offline-bench', [{ role: 'user', content: prompt }]);
    const usage = { prompt: tokens(prompt), completion: tokens(output), total: tokens(prompt) + tokens(output) };
    return { output, tokenUsage: usage, cost: usage.prompt * ${PRICE.input} + usage.completion * ${PRICE.output} };
  }
}
`,
  );
  const tests = list.map((c) => ({
    description: c.id,
    vars: c.inputs,
    assert: [
      { type: 'icontains-all', value: c.expected.keywords },
      { type: 'not-icontains-any', value: c.expected.forbidden },
      { type: 'icontains', value: c.expected.reference },
      { type: 'regex', value: REGEX },
      { type: 'is-json', value: SCHEMA },
      { type: 'levenshtein', value: c.expected.reference, threshold: 1000 },
      { type: 'latency', threshold: 5000 },
      { type: 'cost', threshold: 0.01 },
    ],
  }));
  fs.writeFileSync(path.join(dir, 'tests.json'), JSON.stringify(tests));
  fs.writeFileSync(
    path.join(dir, 'promptfooconfig.yaml'),
    YAML.stringify({ description: 'bench', prompts: ['file://prompt.txt'], providers: ['file://offline-provider.mjs'], tests: 'file://tests.json', evaluateOptions: { maxConcurrency: CONCURRENCY } }),
  );
}

function time(label, command, commandArgs, cwd, env = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [command, ...commandArgs], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && !(label === 'promptfoo' && result.status === 100)) {
    throw new Error(`${label} exited ${result.status}: ${(result.stderr || result.stdout).slice(-2000)}`);
  }
  return seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const list = items();
const hasPromptfoo = fs.existsSync(PROMPTFOO);
const ours = [];
const theirs = [];
for (let round = 1; round <= ROUNDS; round++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-bench-exp-'));
  writeTraceHub(dir, list);
  writePromptfoo(dir, list);
  fs.writeFileSync(path.join(dir, 'prices.json'), JSON.stringify([PRICE]));
  ours.push(time('tracehub', CLI, ['experiment', 'run', '-c', 'tracehub.eval.yaml', '--json'], dir, { TRACEHUB_MODEL_PRICES_FILE: path.join(dir, 'prices.json') }));
  const metrics = JSON.parse(fs.readFileSync(path.join(dir, 'results/bench/metrics.json'), 'utf8'));
  if (metrics.counts.items !== ITEMS) throw new Error(`tracehub ran ${metrics.counts.items} items, expected ${ITEMS}`);
  if (hasPromptfoo) {
    theirs.push(
      time('promptfoo', PROMPTFOO, ['eval', '-c', 'promptfooconfig.yaml', '--no-cache', '--no-table', '--no-progress-bar', '-j', String(CONCURRENCY), '-o', 'promptfoo-results.json'], dir, {
        PROMPTFOO_CONFIG_DIR: path.join(dir, '.promptfoo'), PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1', PROMPTFOO_DISABLE_REMOTE_GENERATION: 'true', NO_COLOR: '1',
      }),
    );
    const output = JSON.parse(fs.readFileSync(path.join(dir, 'promptfoo-results.json'), 'utf8'));
    const count = output.results?.results?.length ?? output.results?.stats?.successes;
    if (count !== ITEMS) throw new Error(`promptfoo ran ${count} results, expected ${ITEMS}`);
  }
  if (!process.env.KEEP_BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
  console.error(`round ${round}: tracehub ${ours.at(-1).toFixed(2)} s${hasPromptfoo ? `, promptfoo ${theirs.at(-1).toFixed(2)} s` : ''}`);
}
const summary = {
  items: ITEMS, rounds: ROUNDS, concurrency: CONCURRENCY, node: process.version, cpus: os.cpus().length,
  tracehub_seconds: ours.map((s) => +s.toFixed(3)), tracehub_median_s: +median(ours).toFixed(3), tracehub_items_per_s: +(ITEMS / median(ours)).toFixed(1),
  ...(hasPromptfoo
    ? { promptfoo_seconds: theirs.map((s) => +s.toFixed(3)), promptfoo_median_s: +median(theirs).toFixed(3), promptfoo_items_per_s: +(ITEMS / median(theirs)).toFixed(1), speedup: +(median(theirs) / median(ours)).toFixed(2) }
    : { promptfoo: 'not installed in bench/experiment/promptfoo/ (see README.md)' }),
};
console.log(JSON.stringify(summary, null, 2));
