/** Alerts: the firing alerts, the rules (create, edit, delete) and the history; the tab lives in the URL. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { AlertRuleView, AlertView } from '@tracehub/core';
import { DataTable } from '../../../shared/components/DataTable';
import { Dialog } from '../../../shared/components/Dialog';
import { EmptyState } from '../../../shared/components/EmptyState';
import { FormError } from '../../../shared/components/FormError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { Pagination } from '../../../shared/components/Pagination';
import { QueryView, noItems } from '../../../shared/components/QueryView';
import { Tabs } from '../../../shared/components/Tabs';
import { formatNumber, formatTime } from '../../../shared/format';
import { useAlertRuleMutations, useAlertRules, useAlerts } from '../api';
import { RuleForm } from './RuleForm';

type Tab = 'firing' | 'rules' | 'history';

const STATE_TONES: Record<string, string> = { ok: 'ok', pending: 'warn', firing: 'bad', resolved: 'ok', no_data: 'neutral', unavailable: 'neutral' };

function Badge({ value }: { value: string }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${STATE_TONES[value] ?? 'neutral'}`}>{t(`alerts.states.${value}`, { defaultValue: value })}</span>;
}

/** `error_rate > 0.05` in the UI's language (a rule on an application metric names the metric). */
function Condition({ kind, comparator, threshold, metric_name }: Pick<AlertView, 'kind' | 'comparator' | 'threshold'> & { metric_name?: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <span>
      {t(`alerts.kinds.${kind}`)} {metric_name && <code>{metric_name}</code>} <code>{comparator}</code> {formatNumber(threshold, i18n.language, 4)}
    </span>
  );
}

function AlertTable({ status }: { status: 'firing' | undefined }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const alerts = useAlerts(status, page);
  return (
    <QueryView query={alerts} isEmpty={noItems} empty={<EmptyState title={status ? t('alerts.noFiring') : t('alerts.noHistory')} hint={t('alerts.emptyHint')} />}>
      {(data) => (
        <>
          <DataTable
            testId={status ? 'alerts-firing' : 'alerts-history'}
            rows={data.items}
            rowKey={(a) => a.alert_id}
            columns={[
              { id: 'rule', header: t('alerts.rule'), cell: (a) => a.rule_name },
              { id: 'status', header: t('alerts.status'), cell: (a) => <Badge value={a.status} /> },
              { id: 'condition', header: t('alerts.condition'), cell: (a) => <Condition {...a} /> },
              { id: 'value', header: t('alerts.value'), cell: (a) => formatNumber(a.value, i18n.language, 4) },
              { id: 'last', header: t('alerts.lastValue'), cell: (a) => formatNumber(a.last_value, i18n.language, 4) },
              { id: 'started', header: t('alerts.started'), cellClassName: 'nowrap', cell: (a) => formatTime(a.started_at) },
              { id: 'resolved', header: t('alerts.resolved'), cellClassName: 'nowrap', cell: (a) => (a.resolved_at ? formatTime(a.resolved_at) : '—') },
              { id: 'notified', header: t('alerts.notified'), cell: (a) => (a.notified_at ? t('alerts.yes') : t('alerts.heldBack')) },
            ]}
          />
          <Pagination page={page} pageSize={data.page_size} total={data.total} onPage={setPage} />
        </>
      )}
    </QueryView>
  );
}

function RuleTable() {
  const { t, i18n } = useTranslation();
  const rules = useAlertRules();
  const { create, update, remove } = useAlertRuleMutations();
  const [editing, setEditing] = useState<AlertRuleView | 'new' | null>(null);
  const close = () => {
    setEditing(null);
    create.reset();
    update.reset();
  };
  return (
    <>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('alerts.newRule')}
        </button>
      </div>
      <FormError error={remove.error} />
      <QueryView query={rules} isEmpty={noItems} empty={<EmptyState title={t('alerts.noRules')} hint={t('alerts.noRulesHint')} />}>
        {(data) => (
          <DataTable
            testId="alert-rules"
            rows={data.items}
            rowKey={(r) => r.rule_id}
            columns={[
              { id: 'name', header: t('alerts.fields.name'), cell: (r) => r.name },
              { id: 'condition', header: t('alerts.condition'), cell: (r) => <Condition {...r} /> },
              { id: 'window', header: t('alerts.fields.window_minutes'), cell: (r) => formatNumber(r.window_minutes, i18n.language) },
              { id: 'state', header: t('alerts.state'), cell: (r) => (!r.enabled ? <span className="muted">{t('alerts.disabled')}</span> : r.last_evaluated_at ? <Badge value={r.state} /> : '—') },
              { id: 'value', header: t('alerts.lastValue'), cell: (r) => (r.last_value === null ? '—' : formatNumber(r.last_value, i18n.language, 4)) },
              { id: 'evaluated', header: t('alerts.evaluated'), cellClassName: 'nowrap', cell: (r) => (r.last_evaluated_at ? formatTime(r.last_evaluated_at) : '—') },
              {
                id: 'actions',
                header: '',
                cell: (r) => (
                  <div className="row">
                    <button type="button" className="btn btn-small" onClick={() => setEditing(r)}>
                      {t('alerts.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(t('alerts.confirmDelete', { name: r.name }))) remove.mutate(r.rule_id);
                      }}
                    >
                      {t('alerts.delete')}
                    </button>
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <Dialog open={editing !== null} title={editing === 'new' ? t('alerts.newRule') : t('alerts.editRule')} onClose={close}>
        <RuleForm
          rule={editing && editing !== 'new' ? editing : undefined}
          pending={create.isPending || update.isPending}
          error={create.error ?? update.error}
          onCancel={close}
          onSubmit={(body) => {
            if (editing === 'new') create.mutate(body, { onSuccess: close });
            else if (editing) update.mutate({ ruleId: editing.rule_id, body }, { onSuccess: close });
          }}
        />
      </Dialog>
    </>
  );
}

/** The page. */
export function AlertsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as Tab | null) ?? 'firing';
  return (
    <div className="page">
      <PageHeader title={t('alerts.title')} subtitle={t('alerts.subtitle')} />
      <Tabs<Tab>
        items={[
          { key: 'firing', label: t('alerts.tabs.firing') },
          { key: 'rules', label: t('alerts.tabs.rules') },
          { key: 'history', label: t('alerts.tabs.history') },
        ]}
        active={tab}
        onChange={(next) => setParams({ tab: next })}
      />
      {tab === 'firing' && <AlertTable status="firing" />}
      {tab === 'rules' && <RuleTable />}
      {tab === 'history' && <AlertTable status={undefined} />}
    </div>
  );
}
