/** Routes: /login outside the shell, every other page inside it behind the sign-in guard. */
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Loading } from '../shared/components/Loading';
import { LoginPage, RequireAuth } from '../features/auth';
// The dashboard carries the chart library; other pages load without it.
const DashboardPage = lazy(() => import('../features/dashboard').then((m) => ({ default: m.DashboardPage })));
const DashboardsRoutes = lazy(() => import('../features/dashboards').then((m) => ({ default: m.DashboardsRoutes })));
// Pages whose forms use core's runtime constants (and so zod) load on demand, keeping the first bundle small.
const AlertsPage = lazy(() => import('../features/alerts').then((m) => ({ default: m.AlertsPage })));
const AbTestsPage = lazy(() => import('../features/ab-tests').then((m) => ({ default: m.AbTestsPage })));
const EvaluationRulesPage = lazy(() => import('../features/evaluation-rules').then((m) => ({ default: m.EvaluationRulesPage })));
const CalibrationPage = lazy(() => import('../features/evaluation-rules').then((m) => ({ default: m.CalibrationPage })));
const PlaygroundPage = lazy(() => import('../features/playground').then((m) => ({ default: m.PlaygroundPage })));
import { TraceListPage } from '../features/traces';
import { TraceDetailPage } from '../features/trace-detail';
import { SessionDetailPage, SessionListPage } from '../features/sessions';
import { CaseDetailPage, CaseListPage } from '../features/cases';
import { PolicyDetailPage, PolicyListPage } from '../features/policies';
import { PromptDetailPage, PromptListPage } from '../features/prompts';
import { DatasetDetailPage, DatasetListPage } from '../features/datasets';
import { ExperimentComparePage, ExperimentDetailPage, ExperimentListPage, ExperimentMatrixPage } from '../features/experiments';
import { SettingsPage } from '../features/settings';
import { MissQueriesPage } from '../features/miss-queries';
import { AnnotationQueuesRoutes } from '../features/annotation-queues';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';

/** The app's routes. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route
          index
          element={
            <Suspense fallback={<Loading />}>
              <DashboardPage />
            </Suspense>
          }
        />
        <Route path="traces" element={<TraceListPage />} />
        <Route path="traces/:traceId" element={<TraceDetailPage />} />
        <Route path="sessions" element={<SessionListPage />} />
        <Route path="sessions/:sessionId" element={<SessionDetailPage />} />
        <Route path="cases" element={<CaseListPage />} />
        <Route path="cases/:caseId" element={<CaseDetailPage />} />
        <Route path="alerts" element={<Suspense fallback={<Loading />}><AlertsPage /></Suspense>} />
        <Route path="policies" element={<PolicyListPage />} />
        <Route path="policies/:policyId" element={<PolicyDetailPage />} />
        <Route path="prompts" element={<PromptListPage />} />
        <Route path="prompts/:name" element={<PromptDetailPage />} />
        <Route path="datasets" element={<DatasetListPage />} />
        <Route path="datasets/:name" element={<DatasetDetailPage />} />
        <Route path="miss-queries" element={<MissQueriesPage />} />
        <Route path="evaluation-rules" element={<Suspense fallback={<Loading />}><EvaluationRulesPage /></Suspense>} />
        <Route path="evaluators/:name/calibration" element={<Suspense fallback={<Loading />}><CalibrationPage /></Suspense>} />
        <Route path="annotation-queues/*" element={<Suspense fallback={<Loading />}><AnnotationQueuesRoutes /></Suspense>} />
        <Route path="playground" element={<Suspense fallback={<Loading />}><PlaygroundPage /></Suspense>} />
        <Route path="dashboards/*" element={<Suspense fallback={<Loading />}><DashboardsRoutes /></Suspense>} />
        <Route path="experiments" element={<ExperimentListPage />} />
        <Route path="ab-tests" element={<Suspense fallback={<Loading />}><AbTestsPage /></Suspense>} />
        <Route path="experiments/compare" element={<ExperimentComparePage />} />
        <Route path="experiments/matrix" element={<ExperimentMatrixPage />} />
        <Route path="experiments/:runId" element={<ExperimentDetailPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="settings/:tab" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
