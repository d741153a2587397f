/** Sign-in, the current user, permissions and the project switcher. */
export { LoginPage } from './components/LoginPage';
export { RequireAuth } from './components/RequireAuth';
export { ProjectSwitcher } from './components/ProjectSwitcher';
export { useMe, useLogout, ME_KEY, type Me, type UserView, type ProjectView, type ProjectRole } from './api';
export { usePermissions, type Permissions } from './permissions';
