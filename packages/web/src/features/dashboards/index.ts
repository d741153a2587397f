/** Custom dashboards: widgets over traces, spans, scores, decisions and application metrics, saved per project. */
export { DashboardsRoutes } from './components/DashboardsRoutes';
