/** One user's projects in the users table (instance administrators): change the role, remove, add to another project. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminProjectView, AdminUserView } from '../api';
import { useMemberMutations } from '../api';
import { ROLES } from './MembersPanel';
import { FormError } from '../../../shared/components/FormError';

/** The cell. */
export function UserMemberships({ user, projects }: { user: AdminUserView; projects: AdminProjectView[] }) {
  const { t } = useTranslation();
  const { set, remove } = useMemberMutations();
  const [adding, setAdding] = useState('');
  const names = new Map(projects.map((p) => [p.project_id, p.name]));
  const others = projects.filter((p) => !user.projects.some((m) => m.project_id === p.project_id));
  return (
    <div className="stack" data-testid="user-projects">
      {user.projects.map((m) => (
        <div key={m.project_id} className="row" data-project={names.get(m.project_id) ?? m.project_id}>
          <span>{names.get(m.project_id) ?? m.project_id}</span>
          <select
            aria-label={t('settings.users.projectRole', { project: names.get(m.project_id) ?? m.project_id })}
            value={m.role}
            onChange={(e) => set.mutate({ projectId: m.project_id, userId: user.user_id, role: e.target.value })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small" aria-label={t('settings.users.removeFrom', { project: names.get(m.project_id) ?? m.project_id })} onClick={() => remove.mutate({ projectId: m.project_id, userId: user.user_id })}>
            ×
          </button>
        </div>
      ))}
      {others.length > 0 && (
        <select
          aria-label={t('settings.users.addToProject')}
          value={adding}
          onChange={(e) => {
            setAdding('');
            if (e.target.value) set.mutate({ projectId: e.target.value, userId: user.user_id, role: 'viewer' });
          }}
        >
          <option value="">{t('settings.users.addToProject')}</option>
          {others.map((p) => (
            <option key={p.project_id} value={p.project_id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      <FormError error={set.error ?? remove.error} />
    </div>
  );
}
