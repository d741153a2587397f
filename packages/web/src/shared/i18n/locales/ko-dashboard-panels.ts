/** Korean text for the dashboard's A/B panel, its cost figure over unpriced traces, and alert rules over application metrics. */
export const koDashboardPanels = {
  dashboardPanels: {
    ab: {
      title: 'A/B 테스트',
      running: '{{count}}개 진행 중',
      none: '진행 중인 테스트가 없습니다.',
      primary: '주 지표: {{metric}}',
      traces: '트레이스 {{n}}개',
      loading: '결과를 읽는 중…',
      failed: '결과를 읽지 못했습니다.',
      all: '모든 A/B 테스트',
    },
    metricRule: {
      metric_name: '지표 이름',
      metric_labels: '레이블 필터(key=value, 쉼표로 구분)',
      metric_agg: '기간 동안의 집계',
    },
    cost: {
      lowerBound: '≥ {{cost}}',
      unpriced: '가격 없는 트레이스 {{n}}개',
      unpricedTitle: '이 트레이스들의 일부 스팬은 가격이 없는 모델을 사용하므로 비용은 최소한 이 금액입니다.',
    },
  },
};
