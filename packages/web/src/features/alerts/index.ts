/** Alerts: rules (create, edit, delete), firing alerts and their history. */
export { AlertsPage } from './components/AlertsPage';
export { AlertsPanel } from './components/AlertsPanel';
