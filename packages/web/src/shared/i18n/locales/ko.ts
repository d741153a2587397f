/** 한국어 UI 문구. en.ts와 키가 같아야 합니다 (타입 검사와 테스트가 확인합니다). */
import type { LocaleShape } from '../locale-shape';
import type { en } from './en';
import { koErrors } from './ko-errors';
import { koGeneral } from './ko-general';
import { koPages } from './ko-pages';
import { koAlerts } from './ko-alerts';
import { koMissQueries } from './ko-miss-queries';
import { koScores } from './ko-scores';
import { koAbTests } from './ko-ab-tests';
import { koDashboards } from './ko-dashboards';
import { koEvaluationRules } from './ko-evaluation-rules';
import { koAnnotationQueues } from './ko-annotation-queues';
import { koPlayground } from './ko-playground';
import { koDashboardPanels } from './ko-dashboard-panels';
import { koRetention } from './ko-retention';

export const ko: LocaleShape<typeof en> = { ...koAnnotationQueues, ...koGeneral, ...koPages, ...koErrors, ...koMissQueries, ...koAlerts, ...koScores, ...koAbTests, ...koDashboards, ...koEvaluationRules, ...koPlayground, ...koDashboardPanels, ...koRetention };
