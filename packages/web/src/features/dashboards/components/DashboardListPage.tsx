/** The project's dashboards, and the form of a new one. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { EmptyState } from '../../../shared/components/EmptyState';
import { FormError } from '../../../shared/components/FormError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { useDashboardMutations, useDashboards } from '../api';

/** The list page. */
export function DashboardListPage() {
  const { t } = useTranslation();
  const { canWrite } = usePermissions();
  const query = useDashboards();
  const { create } = useDashboardMutations();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, description: description.trim() || null, widgets: [] },
      { onSuccess: (created) => navigate(`/dashboards/${encodeURIComponent(created.dashboard_id)}?edit=1`) },
    );
  };
  return (
    <div className="page">
      <PageHeader
        title={t('dashboards.title')}
        subtitle={t('dashboards.subtitle')}
        actions={canWrite && !open ? <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>{t('dashboards.new')}</button> : undefined}
      />
      {open && (
        <form className="card stack" onSubmit={submit} data-testid="dashboard-create-form">
          <label className="field">
            <span>{t('dashboards.name')}</span>
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </label>
          <label className="field">
            <span>{t('dashboards.description')}</span>
            <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
          </label>
          <FormError error={create.error} />
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>{t('dashboards.create')}</button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>{t('dashboards.cancel')}</button>
          </div>
        </form>
      )}
      <QueryView
        query={query}
        isEmpty={(d) => d.items.length === 0}
        empty={<EmptyState title={t('dashboards.emptyTitle')} hint={t('dashboards.emptyHint')} />}
      >
        {(data) => (
          <ul className="card stack" data-testid="dashboard-list">
            {data.items.map((d) => (
              <li key={d.dashboard_id} className="row wrap">
                <Link to={`/dashboards/${encodeURIComponent(d.dashboard_id)}`}>{d.name}</Link>
                <span className="muted small">{t('dashboards.widgetCount', { count: d.widgets.length })}</span>
                <span className="muted small">{t('dashboards.updated', { time: formatTime(d.updated_at) })}</span>
                {d.description && <span className="muted small">{d.description}</span>}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}
