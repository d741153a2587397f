/** `/dashboards` (the list) and `/dashboards/:dashboardId` (one dashboard, viewed or edited). */
import { Route, Routes } from 'react-router-dom';
import { DashboardListPage } from './DashboardListPage';
import { CustomDashboardPage } from './CustomDashboardPage';

/** The feature's routes, mounted at `dashboards/*`. */
export function DashboardsRoutes() {
  return (
    <Routes>
      <Route index element={<DashboardListPage />} />
      <Route path=":dashboardId" element={<CustomDashboardPage />} />
    </Routes>
  );
}
