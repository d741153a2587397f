/**
 * The language of report.md and report.xlsx: `ko` or `en`. The words are written in English in the
 * report code and looked up here; names, ids and values are never translated.
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
};

/** The word `en` in `lang`. */
export type Translate = (en: string) => string;

/** The translator of a language (English words stay as they are). */
export function translator(lang: ReportLang): Translate {
  return lang === 'ko' ? (en) => KO[en] ?? en : (en) => en;
}
