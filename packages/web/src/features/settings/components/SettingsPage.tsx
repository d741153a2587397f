/**
 * Settings: API keys, members and retention of the current project (its admins), users and projects (instance
 * administrators); everyone else sees who they are and what their role allows.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Tabs } from '../../../shared/components/Tabs';
import { useMe, usePermissions } from '../../auth';
import { ApiKeysPanel } from './ApiKeysPanel';
import { MembersPanel } from './MembersPanel';
import { ProjectsPanel } from './ProjectsPanel';
import { UsersPanel } from './UsersPanel';
import { RetentionPanel } from './RetentionPanel';

type Tab = 'keys' | 'members' | 'retention' | 'users' | 'projects';

/** The page; the tab is part of the path (/settings/users). */
export function SettingsPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const { isAdmin, isInstanceAdmin } = usePermissions();
  const role = me.data?.project_role ?? null;
  const roleText = role ? t(`roles.${role}`) : t('roles.none');
  const tabs: Tab[] = [...(isAdmin ? (['keys'] as const) : []), ...(isAdmin || (isInstanceAdmin && me.data?.project_id) ? (['members'] as const) : []), ...(isAdmin ? (['retention'] as const) : []), ...(isInstanceAdmin ? (['users', 'projects'] as const) : [])];
  const active = tabs.includes(tab as Tab) ? (tab as Tab) : tabs[0];
  const panels: Record<Tab, ReactElement> = { keys: <ApiKeysPanel />, members: <MembersPanel />, retention: <RetentionPanel />, users: <UsersPanel />, projects: <ProjectsPanel /> };
  return (
    <div className="page">
      <PageHeader title={t('settings.title')} subtitle={me.data?.user ? t('settings.signedInAs', { user: me.data.user.username, role: roleText }) : undefined} />
      {!active ? (
        <div className="card">
          <p>{t('settings.notAdmin', { role: roleText })}</p>
          <p className="muted">{role === 'viewer' ? t('roles.viewerHint') : role ? t('roles.memberHint') : t('roles.noneHint')}</p>
        </div>
      ) : (
        <>
          <Tabs<Tab> items={tabs.map((key) => ({ key, label: key === 'retention' ? t('retention.tab') : t(`settings.tabs.${key}`) }))} active={active} onChange={(next) => navigate(`/settings/${next}`)} />
          {panels[active]}
        </>
      )}
    </div>
  );
}
