/**
 * Users of the instance (instance administrators only): create (optionally into a project), the
 * instance-administrator flag, per-project memberships, password, delete.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../shared/components/DataTable';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { useMe } from '../../auth';
import { useAdminProjects, useUserMutations, useUsers } from '../api';
import { ROLES } from './MembersPanel';
import { UserMemberships } from './UserMemberships';
import { FormError } from '../../../shared/components/FormError';

const EMPTY = { username: '', password: '', instanceAdmin: false, role: 'viewer' };

/** The panel. */
export function UsersPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers(true);
  const projects = useAdminProjects(true);
  const { create, update, remove } = useUserMutations();
  const [form, setForm] = useState(EMPTY);
  const [project, setProject] = useState<string | null>(null);
  const [passwordFor, setPasswordFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const error = create.error ?? update.error ?? remove.error;
  // New users join the current project unless another (or none) is picked.
  const target = project ?? me.data?.project_id ?? '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const memberships = target ? [{ project_id: target, role: form.role }] : [];
    create.mutate({ username: form.username, password: form.password, instance_admin: form.instanceAdmin, memberships }, { onSuccess: () => setForm(EMPTY) });
  };
  return (
    <section className="card" data-testid="users">
      <h2>{t('settings.users.title')}</h2>
      <p className="muted">{t('settings.users.hint')}</p>
      <form className="row wrap" onSubmit={submit}>
        <input name="new-username" placeholder={t('settings.users.username')} aria-label={t('settings.users.username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          placeholder={t('settings.users.password')}
          aria-label={t('settings.users.password')}
          value={form.password}
          minLength={8}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          required
        />
        <select aria-label={t('settings.users.project')} value={target} onChange={(e) => setProject(e.target.value)}>
          <option value="">{t('settings.users.noProject')}</option>
          {(projects.data?.items ?? []).map((p) => (
            <option key={p.project_id} value={p.project_id}>
              {p.name}
            </option>
          ))}
        </select>
        <select aria-label={t('settings.users.role')} value={form.role} disabled={!target} onChange={(e) => setForm({ ...form, role: e.target.value })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input type="checkbox" name="new-instance-admin" checked={form.instanceAdmin} onChange={(e) => setForm({ ...form, instanceAdmin: e.target.checked })} />
          {t('roles.instanceAdmin')}
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('settings.users.create')}
        </button>
      </form>
      <FormError error={error} />
      <QueryView query={users} retry={false}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(u) => u.user_id}
            rowProps={(u) => ({ 'data-username': u.username })}
            columns={[
              {
                id: 'username',
                header: t('settings.users.username'),
                cell: (u) => (
                  <>
                    {u.username}
                    {u.user_id === me.data?.user?.user_id && <span className="muted"> ({t('settings.users.you')})</span>}
                  </>
                ),
              },
              {
                id: 'instanceAdmin',
                header: t('roles.instanceAdmin'),
                cell: (u) => (
                  <input
                    type="checkbox"
                    aria-label={t('settings.users.instanceAdminOf', { user: u.username })}
                    checked={u.instance_admin}
                    onChange={(e) => update.mutate({ userId: u.user_id, instance_admin: e.target.checked })}
                  />
                ),
              },
              { id: 'projects', header: t('settings.users.projects'), cell: (u) => <UserMemberships user={u} projects={projects.data?.items ?? []} /> },
              { id: 'created', header: t('settings.users.created'), cellClassName: 'nowrap', cell: (u) => formatTime(u.created_at) },
              {
                id: 'actions',
                cell: (u) => (
                  <div className="row">
                    {passwordFor === u.user_id ? (
                      <form
                        className="row"
                        onSubmit={(e) => {
                          e.preventDefault();
                          update.mutate({ userId: u.user_id, password: newPassword }, { onSuccess: () => (setPasswordFor(null), setNewPassword('')) });
                        }}
                      >
                        <input type="password" autoComplete="new-password" minLength={8} required value={newPassword} aria-label={t('settings.users.newPassword')} onChange={(e) => setNewPassword(e.target.value)} />
                        <button type="submit" className="btn btn-small btn-primary">
                          {t('common.save')}
                        </button>
                        <button type="button" className="btn btn-small" onClick={() => setPasswordFor(null)}>
                          {t('common.cancel')}
                        </button>
                      </form>
                    ) : (
                      <button type="button" className="btn btn-small" onClick={() => setPasswordFor(u.user_id)}>
                        {t('settings.users.changePassword')}
                      </button>
                    )}
                    {u.user_id !== me.data?.user?.user_id && (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => remove.mutate(u.user_id)}>
                        {t('common.delete')}
                      </button>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
