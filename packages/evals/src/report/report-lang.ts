/**
 * The language of report.md, report.xlsx and the texts evaluators write into score comments
 * (reasoning, checks, suggestions): `ko` or `en`. The words are written in English in the code and
 * looked up here; `{name}` placeholders are filled after the lookup; names, ids and values are never
 * translated.
 */

/** A report language. */
export type ReportLang = 'ko' | 'en';

export const REPORT_LANGS: readonly ReportLang[] = ['ko', 'en'];

/** The locale's language: `ko` when LC_ALL, else LC_MESSAGES, else LANG starts with `ko` (e.g. ko_KR.UTF-8), else `en`. */
export function reportLangFromEnv(env: NodeJS.ProcessEnv): ReportLang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ko\b|^ko[_-]/i.test(locale) ? 'ko' : 'en';
}

const KO: Record<string, string> = {
  'Experiment report': '실험 리포트',
  Summary: '요약',
  Evaluators: '평가자',
  'Scores by group': '그룹별 점수',
  'Failed cases': '실패 케이스',
  'Every case passed.': '모든 케이스가 통과했습니다.',
  field: '항목',
  value: '값',
  run_id: '실행 ID',
  experiment: '실험',
  dataset: '데이터셋',
  'dataset sha256': '데이터셋 sha256',
  prompt: '프롬프트',
  model: '모델',
  provider: '제공자',
  judge: '평가 모델 (judge)',
  repetitions: '반복 횟수',
  items: '케이스 수',
  passed: '통과',
  failed: '실패',
  errors: '오류',
  skipped: '건너뜀',
  'pass rate': '통과율',
  'score mean': '점수 평균',
  'score median': '점수 중앙값',
  'score p50': '점수 p50',
  'score p90': '점수 p90',
  'score mean / median / p50 / p90': '점수 평균 / 중앙값 / p50 / p90',
  'latency p50 / p90 (ms)': '지연 시간 p50 / p90 (ms)',
  'tokens in / out': '토큰 입력 / 출력',
  'cost (USD)': '비용 (USD)',
  judging: '평가',
  started: '시작',
  finished: '종료',
  'started / finished': '시작 / 종료',
  git: 'git',
  'evaluation profile': '평가 프로필',
  'retrieval version': '검색(retrieval) 버전',
  'pipeline version': '파이프라인 버전',
  evaluator: '평가자',
  type: '유형',
  weight: '가중치',
  threshold: '임계값',
  mean: '평균',
  median: '중앙값',
  'mean score': '평균 점수',
  key: '키',
  item_id: '케이스 ID',
  repetition: '반복',
  status: '상태',
  score: '점수',
  'overall score': '종합 점수',
  latency_ms: '지연 시간 (ms)',
  cost: '비용',
  input: '입력',
  output: '출력',
  error: '오류',
  trace_id: '트레이스 ID',
  trace: '트레이스',
  Input: '입력',
  Output: '출력',
  Expected: '기대 결과',
  '(no output)': '(출력 없음)',
  '(model call)': '(모델 호출)',
  result: '결과',
  pass: '통과',
  FAIL: '실패',
  reasoning: '근거',
  'failed items': '실패 항목',
  suggestions: '개선 제안',
  Items: '케이스',
  Failures: '실패',
  'Repetitions and flakiness': '반복 실행과 불안정성 (flakiness)',
  'flaky items': '불안정한 케이스',
  'outcomes per item': '케이스당 결과 수',
  'mean flip rate': '평균 뒤집힘 비율',
  'Flakiest items': '가장 불안정한 케이스',
  'No item flipped between repetitions.': '반복 사이에 결과가 바뀐 케이스가 없습니다.',
  outcomes: '결과 순서 (P 통과, F 실패)',
  flips: '뒤집힘 횟수',
  'flip rate': '뒤집힘 비율',
  Analysis: '분석',
  'By group': '그룹별 분석',
  'Worst items': '점수가 가장 낮은 케이스',
  'Evaluator disagreement': '평가자 간 불일치',
  'Only one evaluator; nothing to compare.': '평가자가 하나뿐이라 비교할 대상이 없습니다.',
  'Items the evaluators disagree on': '평가자 판정이 엇갈린 케이스',
  'most failed checks': '가장 많이 실패한 검사 항목',
  'failed evaluators': '통과하지 못한 평가자',
  evaluators: '평가자',
  compared: '비교한 케이스',
  agreement: '일치율',
  'only the first passed': '첫 번째만 통과',
  'only the second passed': '두 번째만 통과',
  'passed by': '통과 판정',
  'failed by': '실패 판정',
  // The note of a dataset version the CLI uploads (`tracehub dataset upload`, in the locale's language).
  'Uploaded from {source}': '{source}에서 업로드함',
  // Score comments written by the built-in evaluators (reasoning, checks, suggestions).
  'The evaluator failed: {message}': '평가자가 실패했습니다: {message}',
  'Fix the {type} evaluator "{name}" and re-run with --resume <run> --retry-errors.': '{type} 평가자 "{name}"을(를) 고친 뒤 --resume <run> --retry-errors로 다시 실행하세요.',
  'The item lists no keywords.': '이 케이스에는 기대 키워드가 없습니다.',
  '{found} of {total} expected keywords appear in the output.': '기대 키워드 {total}개 중 {found}개가 출력에 있습니다.',
  '{found} of {total} expected keywords appear in the output; missing: {missing}.': '기대 키워드 {total}개 중 {found}개가 출력에 있습니다. 빠진 키워드: {missing}.',
  'Make the prompt ask for {list} (or a reason to mention them).': '프롬프트에서 {list}을(를) 다루도록 요청하세요(또는 언급할 이유를 주세요).',
  'The item lists no forbidden phrases.': '이 케이스에는 금지 표현이 없습니다.',
  'absent: {phrase}': '없음: {phrase}',
  'present: {phrase}': '포함됨: {phrase}',
  'The output contains the forbidden phrase {list}.': '출력에 금지 표현 {list}이(가) 있습니다.',
  'The output contains the forbidden phrases {list}.': '출력에 금지 표현 {list}이(가) 있습니다.',
  'None of the {n} forbidden phrases appear.': '금지 표현 {n}개 중 어느 것도 출력에 없습니다.',
  'Tell the model not to say {list}.': '모델에게 {list}을(를) 말하지 말라고 지시하세요.',
  latency: '지연 시간',
  'No latency was recorded.': '기록된 지연 시간이 없습니다.',
  'The model has no price in the price table (TRACEHUB_MODEL_PRICES_FILE adds one).': '가격표에 이 모델의 가격이 없습니다(TRACEHUB_MODEL_PRICES_FILE로 추가할 수 있습니다).',
  'The {name} was {actual} against a budget of {limit}.': '{name}: {actual} (예산 {limit}).',
  'Use a faster model, fewer output tokens (max_tokens) or a shorter prompt.': '더 빠른 모델을 쓰거나, 출력 토큰(max_tokens)을 줄이거나, 프롬프트를 짧게 하세요.',
  'Use a cheaper model or shorten the prompt and the answer.': '더 저렴한 모델을 쓰거나 프롬프트와 답변을 줄이세요.',
  'the output is not JSON': '출력이 JSON이 아님',
  'No JSON value could be read from the output.': '출력에서 JSON 값을 읽을 수 없습니다.',
  'Ask for JSON only (response_format json_object helps).': 'JSON만 답하도록 요청하세요(response_format json_object가 도움이 됩니다).',
  'the output satisfies the schema': '출력이 스키마를 만족함',
  'The output is JSON that satisfies the schema.': '출력이 스키마를 만족하는 JSON입니다.',
  'The JSON output breaks the schema in 1 place.': 'JSON 출력이 스키마를 1군데 어깁니다.',
  'The JSON output breaks the schema in {n} places.': 'JSON 출력이 스키마를 {n}군데 어깁니다.',
  'Show the model the expected JSON shape and ask for nothing else.': '모델에게 기대하는 JSON 형태를 보여 주고 그 밖의 것은 요청하지 마세요.',
  'The item has no reference.': '이 케이스에는 참조 답이 없습니다.',
  'The reference holds nothing that can be checked.': '참조 답에 검사할 수 있는 내용이 없습니다.',
  '{ok} of {total} reference checks passed.': '참조 검사 {total}개 중 {ok}개를 통과했습니다.',
  'Make the output satisfy "{label}" ({detail}).': '출력이 "{label}"을(를) 만족하도록 하세요({detail}).',
  'exact {value}': '정확히 일치 {value}',
  'contains {value}': '포함 {value}',
  'section {name}': '섹션 {name}',
  '{field} in [{lo}, {hi}]': '{field}: [{lo}, {hi}] 범위',
  '{field} count = {n}': '{field} 개수 = {n}',
  '{key} = {value}': '{key} = {value}',
  'number ≈ {n}': '숫자 ≈ {n}',
  'is {value}': '값 {value}',
  'the output equals the reference': '출력이 참조 답과 같음',
  'the output differs from {value}': '출력이 {value}와(과) 다름',
  found: '찾음',
  'not found': '찾지 못함',
  'not found in the output': '출력에서 찾지 못함',
  present: '있음',
  'the JSON output has no such key': 'JSON 출력에 이 키가 없음',
  '{field} is missing': '{field} 없음',
  '{field} is {value}': '{field} 값은 {value}',
  'found {n}': '{n}개 찾음',
  'found no list': '목록을 찾지 못함',
  'the output has no field {key}': '출력에 {key} 필드가 없음',
  matches: '일치함',
  'the output does not equal the reference': '출력이 참조 답과 같지 않음',
  'the output does not contain the reference': '출력에 참조 답이 없음',
  'numbers in the output: {list}': '출력의 숫자: {list}',
  'numbers in the output: none': '출력에 숫자가 없음',
  'No patterns are configured for this item.': '이 케이스에 설정된 패턴이 없습니다.',
  'matches /{pattern}/': '/{pattern}/와(과) 일치',
  'does not match /{pattern}/': '/{pattern}/와(과) 일치하지 않음',
  '{ok} of {total} pattern checks passed.': '패턴 검사 {total}개 중 {ok}개를 통과했습니다.',
  'Make the output match /{pattern}/.': '출력이 /{pattern}/와(과) 일치하도록 하세요.',
  'Make the output avoid /{pattern}/.': '출력이 /{pattern}/와(과) 일치하지 않도록 하세요.',
  'The item has no reference text to compare with.': '이 케이스에는 비교할 참조 텍스트가 없습니다.',
  'cosine similarity of {model} embeddings': '{model} 임베딩의 코사인 유사도',
  'Levenshtein similarity': '레벤슈타인 유사도',
  "The output's {how} to the reference is {score}.": '출력과 참조 답의 {how}: {score}.',
  'Bring the answer closer to the reference wording or content.': '답변의 표현이나 내용을 참조 답에 더 가깝게 하세요.',
  'The judge gave no valid verdict: {problem}.': '평가 모델(judge)이 올바른 판정을 내지 않았습니다: {problem}.',
  'Check the judge model follows JSON instructions (or set json_mode), then re-run with --resume <run> --retry-errors.':
    '평가 모델이 JSON 지시를 따르는지 확인한 뒤(또는 json_mode를 설정한 뒤) --resume <run> --retry-errors로 다시 실행하세요.',
  'Judge score {score}/5. {reasoning}': '평가 점수 {score}/5. {reasoning}',
  'No baseline output for this item; pairwise judging needs --baseline <run>.': '이 케이스에는 기준(baseline) 출력이 없습니다. 쌍대 비교 평가에는 --baseline <run>이 필요합니다.',
  'Pairwise (candidate shown as {letter}): {verdict}. {reasoning}': '쌍대 비교 (후보는 {letter}로 제시): {verdict}. {reasoning}',
  'the candidate wins': '후보가 이김',
  'the baseline wins': '기준이 이김',
  'a tie': '무승부',
};

/** The word `en` in `lang`. */
export type Translate = (en: string) => string;

/** The text `en` in `lang`, its `{name}` placeholders filled from `values`. */
export type TranslateText = (en: string, values?: Record<string, string | number>) => string;

const fill = (text: string, values?: Record<string, string | number>) =>
  values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;

/** The text translator of a language, with placeholders (English texts stay as they are). */
export function textTranslator(lang: ReportLang): TranslateText {
  return lang === 'ko' ? (en, values) => fill(KO[en] ?? en, values) : (en, values) => fill(en, values);
}

/** The translator of a language (English words stay as they are); usable as a `map` callback. */
export function translator(lang: ReportLang): Translate {
  const text = textTranslator(lang);
  return (en) => text(en);
}
