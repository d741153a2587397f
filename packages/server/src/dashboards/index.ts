// Custom dashboards: saved per project, their widgets computed from the stats and application metric services.
export { createDashboardService, type DashboardService, type DashboardServiceDeps } from './dashboard-service.js';
