/** 점수 표시(트레이스 머리글, 스팬 트리, 목록 열과 필터)와 가격 없는 모델의 비용에 대한 한국어 문구. */
import type { LocaleShape } from '../locale-shape';
import type { enScores } from './en-scores';

export const koScores: LocaleShape<typeof enScores> = {
  scores: {
    column: '점수',
    columnOf: '점수: {{name}}',
    title: '점수',
    none: '점수 없음',
    badge: '{{name}}: {{count}}개 평균 {{avg}}',
    passFail: '{{name}}: 통과 {{passed}}, 실패 {{failed}}',
    filters: {
      scoreName: '점수 이름',
      scoreMin: '점수 ≥',
      scoreMax: '점수 ≤',
      latencyMin: '지연 시간 ≥ (ms)',
      latencyMax: '지연 시간 ≤ (ms)',
      costMin: '비용 ≥ (USD)',
      costMax: '비용 ≤ (USD)',
      tokensMin: '토큰 ≥',
      tokensMax: '토큰 ≤',
      metadataKey: '메타데이터 키',
      metadataValue: '메타데이터 값',
    },
  },
  cost: {
    unknown: '알 수 없음',
    unknownTitle: '가격표에 이 모델의 가격이 없어 비용을 알 수 없습니다 (무료가 아닙니다).',
    partialTitle: '가격이 없는 모델을 쓴 스팬 {{n}}개: 비용은 최소 이 금액입니다.',
    input: '입력 비용',
    output: '출력 비용',
  },
};
