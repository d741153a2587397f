/** English UI text. Every key here must exist in ko.ts too (the type checker and a test enforce it). */
import { enErrors } from './en-errors';
import { enGeneral } from './en-general';
import { enPages } from './en-pages';
import { enAlerts } from './en-alerts';
import { enMissQueries } from './en-miss-queries';
import { enScores } from './en-scores';
import { enAbTests } from './en-ab-tests';
import { enDashboards } from './en-dashboards';
import { enEvaluationRules } from './en-evaluation-rules';
import { enAnnotationQueues } from './en-annotation-queues';
import { enPlayground } from './en-playground';
import { enDashboardPanels } from './en-dashboard-panels';
import { enRetention } from './en-retention';

export const en = { ...enAnnotationQueues, ...enGeneral, ...enPages, ...enErrors, ...enMissQueries, ...enAlerts, ...enScores, ...enAbTests, ...enDashboards, ...enEvaluationRules, ...enPlayground, ...enDashboardPanels, ...enRetention };
