/** The frame around every signed-in page: navigation, project switcher, language, theme and the user menu. */
import { Outlet, NavLink, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shared/components/LanguageSwitch';
import { ThemeToggle } from '../shared/components/ThemeToggle';
import { ProjectSwitcher, useLogout, useMe } from '../features/auth';

const NAV = [
  { to: '/', key: 'dashboard', end: true },
  { to: '/dashboards', key: 'dashboards' },
  { to: '/traces', key: 'traces' },
  { to: '/sessions', key: 'sessions' },
  { to: '/cases', key: 'cases' },
  { to: '/alerts', key: 'alerts' },
  { to: '/policies', key: 'policies' },
  { to: '/prompts', key: 'prompts' },
  { to: '/playground', key: 'playground' },
  { to: '/datasets', key: 'datasets' },
  { to: '/miss-queries', key: 'missQueries' },
  { to: '/experiments', key: 'experiments' },
  { to: '/evaluation-rules', key: 'evaluationRules' },
  { to: '/annotation-queues', key: 'annotationQueues' },
  { to: '/ab-tests', key: 'abTests' },
  { to: '/settings', key: 'settings' },
] as const;

/** Sidebar + top bar + the page. */
export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const user = me.data?.user;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.main')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Trace Hub
        </div>
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={'end' in item ? item.end : false} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                {t(`nav.${item.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="main">
        <header className="topbar">
          <ProjectSwitcher />
          <div className="topbar-right">
            <LanguageSwitch />
            <ThemeToggle />
            {user && (
              <span className="user-chip" data-testid="user-chip">
                {user.username} · {me.data?.project_role ? t(`roles.${me.data.project_role}`) : t('roles.none')}
                {user.instance_admin && <> <span className="badge">{t('roles.instanceAdmin')}</span></>}
              </span>
            )}
            <button type="button" className="btn btn-ghost" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}>
              {t('auth.signOut')}
            </button>
          </div>
        </header>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
