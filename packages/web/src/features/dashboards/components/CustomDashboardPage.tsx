/**
 * One custom dashboard: its widgets over a window (in the URL: `?hours=`), and — with `?edit=1` and
 * write access — the editor of its name, description and widgets.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { DashboardView } from '@tracehub/core';
import { FormError } from '../../../shared/components/FormError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { usePermissions } from '../../auth';
import { useDashboard, useDashboardData, useDashboardMutations, useMetricCatalog } from '../api';
import { WidgetView } from './WidgetView';
import { draftToWidget, newDraft, WidgetEditor, widgetToDraft, type WidgetDraft } from './WidgetEditor';

const WINDOWS = [24, 24 * 7, 24 * 30, 24 * 90] as const;

function Editor({ dashboard, onDone }: { dashboard: DashboardView; onDone: () => void }) {
  const { t } = useTranslation();
  const { update, remove } = useDashboardMutations();
  const catalog = useMetricCatalog();
  const navigate = useNavigate();
  const [name, setName] = useState(dashboard.name);
  const [description, setDescription] = useState(dashboard.description ?? '');
  const [drafts, setDrafts] = useState<WidgetDraft[]>(dashboard.widgets.map(widgetToDraft));
  const metricNames = [...new Set((catalog.data?.items ?? []).map((i) => i.name))];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { name, description: description.trim() || null, widgets: drafts.map(draftToWidget) };
    update.mutate({ id: dashboard.dashboard_id, body }, { onSuccess: onDone });
  };
  const onDelete = () => {
    if (window.confirm(t('dashboards.confirmDelete'))) remove.mutate(dashboard.dashboard_id, { onSuccess: () => navigate('/dashboards') });
  };
  return (
    <form className="stack" onSubmit={submit} data-testid="dashboard-editor">
      <div className="card row wrap">
        <label className="field">
          <span>{t('dashboards.name')}</span>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label className="field">
          <span>{t('dashboards.description')}</span>
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
        </label>
      </div>
      {drafts.map((d, i) => (
        <WidgetEditor
          key={d.id}
          draft={d}
          index={i}
          metricNames={metricNames}
          onChange={(next) => setDrafts(drafts.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setDrafts(drafts.filter((_, j) => j !== i))}
        />
      ))}
      <FormError error={update.error ?? remove.error} />
      <div className="row wrap">
        <button type="button" className="btn" onClick={() => setDrafts([...drafts, newDraft()])}>{t('dashboards.widget.add')}</button>
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>{t('dashboards.save')}</button>
        <button type="button" className="btn" onClick={onDone}>{t('dashboards.cancel')}</button>
        <button type="button" className="btn btn-danger" onClick={onDelete}>{t('dashboards.delete')}</button>
      </div>
    </form>
  );
}

function Widgets({ dashboard, hours }: { dashboard: DashboardView; hours: number }) {
  const { t } = useTranslation();
  const data = useDashboardData(dashboard.dashboard_id, hours, dashboard.updated_at);
  if (dashboard.widgets.length === 0) return <p className="card muted">{t('dashboards.noWidgets')}</p>;
  const byId = new Map((data.data?.widgets ?? []).map((w) => [w.id, w]));
  return (
    <div className="chart-grid" data-testid="dashboard-widgets">
      {dashboard.widgets.map((w) => <WidgetView key={w.id} widget={w} data={byId.get(w.id)} hours={hours} />)}
    </div>
  );
}

/** The page. */
export function CustomDashboardPage() {
  const { t } = useTranslation();
  const { dashboardId = '' } = useParams();
  const { canWrite } = usePermissions();
  const [params, setParams] = useSearchParams();
  const hours = WINDOWS.find((w) => String(w) === params.get('hours')) ?? 24 * 7;
  const editing = canWrite && params.get('edit') === '1';
  const query = useDashboard(dashboardId);
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next);
  };
  return (
    <div className="page">
      <QueryView query={query}>
        {(dashboard) => (
          <>
            <PageHeader
              title={dashboard.name}
              subtitle={dashboard.description ?? undefined}
              actions={
                <div className="row wrap">
                  <Link to="/dashboards" className="btn btn-ghost">{t('dashboards.back')}</Link>
                  {canWrite && !editing && <button type="button" className="btn" onClick={() => setParam('edit', '1')}>{t('dashboards.edit')}</button>}
                </div>
              }
            />
            {editing ? (
              <Editor dashboard={dashboard} onDone={() => setParam('edit', null)} />
            ) : (
              <>
                <div className="filters card filters-row">
                  <label>
                    {t('dashboards.window')}
                    <select value={hours} onChange={(e) => setParam('hours', e.target.value)} data-testid="dashboard-window">
                      {WINDOWS.map((w) => (
                        <option key={w} value={w}>{w <= 24 ? t('dashboards.lastHours', { count: w }) : t('dashboards.lastDays', { count: w / 24 })}</option>
                      ))}
                    </select>
                  </label>
                </div>
                <Widgets dashboard={dashboard} hours={hours} />
              </>
            )}
          </>
        )}
      </QueryView>
    </div>
  );
}
