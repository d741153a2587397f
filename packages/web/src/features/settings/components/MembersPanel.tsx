/** Members of the current project (its admins and instance administrators): add existing users by username, change roles, remove. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../shared/components/DataTable';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { useMe } from '../../auth';
import { useMemberMutations, useMembers } from '../api';
import { FormError } from '../../../shared/components/FormError';

/** The three project roles. */
export const ROLES = ['admin', 'member', 'viewer'] as const;

/** The panel. */
export function MembersPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const projectId = me.data?.project_id ?? null;
  const project = me.data?.projects.find((p) => p.project_id === projectId);
  const members = useMembers(projectId);
  const { add, set, remove } = useMemberMutations();
  const [form, setForm] = useState({ username: '', role: 'viewer' });
  const error = add.error ?? set.error ?? remove.error;
  if (!projectId) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ projectId, username: form.username.trim(), role: form.role }, { onSuccess: () => setForm({ username: '', role: 'viewer' }) });
  };
  return (
    <section className="card" data-testid="members">
      <h2>{t('settings.members.title', { project: project?.name ?? '' })}</h2>
      <p className="muted">{t('settings.members.hint')}</p>
      <form className="row wrap" onSubmit={submit}>
        <input name="member-username" placeholder={t('settings.users.username')} aria-label={t('settings.users.username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
        <select aria-label={t('settings.members.role')} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t('settings.members.add')}
        </button>
      </form>
      <FormError error={error} />
      <QueryView query={members} retry={false}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(m) => m.user_id}
            rowProps={(m) => ({ 'data-member': m.username })}
            columns={[
              {
                id: 'username',
                header: t('settings.users.username'),
                cell: (m) => (
                  <>
                    {m.username}
                    {m.user_id === me.data?.user?.user_id && <span className="muted"> ({t('settings.users.you')})</span>}
                  </>
                ),
              },
              {
                id: 'role',
                header: t('settings.members.role'),
                cell: (m) => (
                  <select aria-label={t('settings.members.role')} value={m.role} onChange={(e) => set.mutate({ projectId, userId: m.user_id, role: e.target.value })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                ),
              },
              { id: 'since', header: t('settings.members.since'), cellClassName: 'nowrap', cell: (m) => formatTime(m.created_at) },
              {
                id: 'actions',
                cell: (m) => (
                  <button type="button" className="btn btn-small btn-danger" onClick={() => remove.mutate({ projectId, userId: m.user_id })}>
                    {t('settings.members.remove')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
