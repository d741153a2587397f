/** Korean text of the retention settings and disk use (docs/retention.md). */
import type { LocaleShape } from '../locale-shape';
import type { enRetention } from './en-retention';

export const koRetention: LocaleShape<typeof enRetention> = {
  retention: {
    tab: '보존 기간',
    title: '데이터 보존 기간',
    hint: '이 프로젝트의 오래된 데이터는 백그라운드에서 조금씩 삭제됩니다. 대시보드 합계는 기록을 유지합니다.',
    traceDays: '트레이스 보관 기간(일)',
    traceDaysHint: '스팬, 이벤트, 평가, 피드백, 판정도 트레이스와 함께 삭제됩니다. 비워 두면 트레이스를 계속 보관합니다.',
    artifactDays: '실험 산출물 보관 기간(일)',
    forever: '계속 보관',
    serverDefault: '서버 기본값: {{days}}일',
    save: '저장',
    saved: '저장됨',
    updatedAt: '{{time}}에 변경',
    storage: {
      title: '디스크 사용량',
      database: '데이터베이스 크기',
      volume: '데이터 볼륨 사용률',
      percent: '{{value}}%',
      unknown: '알 수 없음',
    },
  },
};
