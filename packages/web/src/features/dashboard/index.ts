/** The dashboard (KPI cards, charts, models). */
export { DashboardPage } from './components/DashboardPage';
