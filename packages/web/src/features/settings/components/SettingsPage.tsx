/** Settings: API keys, users and projects (admins); others see who they are and what their role allows. */
import { useTranslation } from 'react-i18next';
import { useParams, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Tabs } from '../../../shared/components/Tabs';
import { useMe, usePermissions } from '../../auth';
import { ApiKeysPanel } from './ApiKeysPanel';
import { ProjectsPanel } from './ProjectsPanel';
import { UsersPanel } from './UsersPanel';

type Tab = 'keys' | 'users' | 'projects';

/** The page; the tab is part of the path (/settings/users). */
export function SettingsPage() {
  const { t } = useTranslation();
  const { tab = 'keys' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const { isAdmin } = usePermissions();
  const role = me.data?.user?.role;
  return (
    <div className="page">
      <PageHeader title={t('settings.title')} subtitle={me.data?.user ? t('settings.signedInAs', { user: me.data.user.username, role: t(`roles.${me.data.user.role}`) }) : undefined} />
      {!isAdmin ? (
        <div className="card">
          <p>{t('settings.notAdmin', { role: role ? t(`roles.${role}`) : '' })}</p>
          <p className="muted">{role === 'viewer' ? t('roles.viewerHint') : t('roles.memberHint')}</p>
        </div>
      ) : (
        <>
          <Tabs<Tab>
            items={[
              { key: 'keys', label: t('settings.tabs.keys') },
              { key: 'users', label: t('settings.tabs.users') },
              { key: 'projects', label: t('settings.tabs.projects') },
            ]}
            active={(['keys', 'users', 'projects'] as const).includes(tab as Tab) ? (tab as Tab) : 'keys'}
            onChange={(next) => navigate(`/settings/${next}`)}
          />
          {tab === 'users' ? <UsersPanel /> : tab === 'projects' ? <ProjectsPanel /> : <ApiKeysPanel />}
        </>
      )}
    </div>
  );
}
