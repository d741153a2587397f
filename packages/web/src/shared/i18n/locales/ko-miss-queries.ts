/** 상위 미응답 질문 페이지의 한국어 문구. */
export const koMissQueries = {
  missQueries: {
    title: '상위 미응답 질문',
    subtitle: 'LLM이 제대로 답하지 못한 질문(평가 실패, 부정적 피드백, BLOCK·ESCALATE 판정, 오류)을 비슷한 문장끼리 묶었습니다.',
    window: '기간',
    lastHours: '최근 {{count}}시간',
    summary: '이 기간에 문제가 된 트레이스 {{candidates}}건, 그룹 {{groups}}개.',
    capped: '최신 트레이스 {{limit}}건만 읽었습니다.',
    count: '발생 {{count}}회',
    lastSeen: '마지막 {{time}}',
    reasons: '사유',
    failedEval: '{{name}} 실패 ×{{count}}',
    negativeFeedback: '부정적 피드백 ×{{count}}',
    errors: '오류 ×{{count}}',
    examples: '예시 트레이스 ({{count}}건)',
    emptyTitle: '이 기간에 미응답 질문이 없습니다',
    emptyHint: '평가 실패, 사용자의 부정적 피드백, BLOCK·ESCALATE 판정 또는 오류가 있는 트레이스가 여기에 나타납니다.',
  },
};
