/**
 * Online evaluation rules: what each rule picks, how much it samples, its evaluators (each linking to
 * its calibration view) and judge connection, and whether it runs; admins create, change, delete,
 * turn on or off and backfill rules (a backfill shows its cost estimate before it is queued); below,
 * the operator's model connections. Loaded on demand (App.tsx).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Dialog } from '../../../shared/components/Dialog';
import { EmptyState } from '../../../shared/components/EmptyState';
import { FormError } from '../../../shared/components/FormError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import {
  useCreateRule, useDeleteRule, useEvaluationRules, useModelConnections, useSetRuleEnabled, useUpdateRule, type EvaluationRuleView, type ModelConnectionView,
} from '../api';
import { BackfillForm } from './BackfillForm';
import { calibrationPath } from '../../../shared/calibration-path';
import { RuleForm } from './RuleForm';

const filterText = (filter: Record<string, unknown>) =>
  Object.entries(filter)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');

type Editing = { mode: 'create' } | { mode: 'edit' | 'backfill'; rule: EvaluationRuleView } | null;

function RuleRow({ rule, onEdit, onBackfill }: { rule: EvaluationRuleView; onEdit: () => void; onBackfill: () => void }) {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  const setEnabled = useSetRuleEnabled();
  const remove = useDeleteRule();
  return (
    <tr data-testid="evaluation-rule">
      <td>
        <strong>{rule.name}</strong>
        <div className="muted">{t('evaluationRules.version', { version: rule.version, time: formatTime(rule.updated_at) })}</div>
      </td>
      <td>{Object.keys(rule.filter).length ? <code>{filterText(rule.filter)}</code> : <span className="muted">{t('evaluationRules.allTraces')}</span>}</td>
      <td>{Math.round(rule.sampling_rate * 1000) / 10} %</td>
      <td>
        {rule.evaluators.map((e, i) => (
          <span key={`${e.name ?? e.type}-${i}`}>
            {i > 0 && ', '}
            <Link to={calibrationPath(e.name ?? e.type)} title={t('calibration.open')}>
              {e.name ?? e.type}
            </Link>
          </span>
        ))}
      </td>
      <td>
        {rule.connection}
        {rule.model && <span className="muted"> · {rule.model}</span>}
      </td>
      <td>{rule.daily_cost_cap === null ? <span className="muted">{t('evaluationRules.noCap')}</span> : `$${rule.daily_cost_cap}`}</td>
      <td>
        {isAdmin ? (
          <label className="row">
            <input
              type="checkbox"
              checked={rule.enabled}
              disabled={setEnabled.isPending}
              onChange={(e) => setEnabled.mutate({ id: rule.id, enabled: e.target.checked })}
              aria-label={t('evaluationRules.toggle', { name: rule.name })}
            />
            {rule.enabled ? t('evaluationRules.on') : t('evaluationRules.off')}
          </label>
        ) : rule.enabled ? (
          t('evaluationRules.on')
        ) : (
          t('evaluationRules.off')
        )}
      </td>
      {isAdmin && (
        <td className="row">
          <button type="button" className="btn btn-small" onClick={onEdit}>
            {t('evaluationRules.edit')}
          </button>
          <button type="button" className="btn btn-small" onClick={onBackfill}>
            {t('evaluationRules.backfill.open')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('evaluationRules.confirmDelete', { name: rule.name }))) remove.mutate(rule.id);
            }}
          >
            {t('evaluationRules.delete')}
          </button>
          <FormError error={remove.error} />
        </td>
      )}
    </tr>
  );
}

/** The create, edit and backfill dialogs. */
function RuleDialogs({ editing, connections, onClose }: { editing: Editing; connections: ModelConnectionView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateRule();
  const update = useUpdateRule();
  const title = !editing ? '' : editing.mode === 'create' ? t('evaluationRules.newRule') : editing.mode === 'edit' ? t('evaluationRules.editRule', { name: editing.rule.name }) : t('evaluationRules.backfill.title', { name: editing.rule.name });
  return (
    <Dialog open={editing !== null} title={title} onClose={onClose}>
      {editing?.mode === 'create' && (
        <RuleForm connections={connections} pending={create.isPending} error={create.error} onCancel={onClose} onSubmit={(body) => create.mutate(body, { onSuccess: onClose })} />
      )}
      {editing?.mode === 'edit' && (
        <RuleForm
          rule={editing.rule}
          connections={connections}
          pending={update.isPending}
          error={update.error}
          onCancel={onClose}
          onSubmit={(body) => update.mutate({ id: editing.rule.id, body }, { onSuccess: onClose })}
        />
      )}
      {editing?.mode === 'backfill' && <BackfillForm rule={editing.rule} onDone={onClose} />}
    </Dialog>
  );
}

/** The page. */
export function EvaluationRulesPage() {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  const rules = useEvaluationRules();
  const connections = useModelConnections();
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <div className="page">
      <PageHeader
        title={t('evaluationRules.title')}
        subtitle={t('evaluationRules.subtitle')}
        actions={
          isAdmin ? (
            <button type="button" className="btn btn-primary" onClick={() => setEditing({ mode: 'create' })}>
              {t('evaluationRules.newRule')}
            </button>
          ) : undefined
        }
      />
      <RuleDialogs editing={editing} connections={connections.data?.connections ?? []} onClose={() => setEditing(null)} />
      <QueryView
        query={rules}
        isEmpty={(d) => d.rules.length === 0}
        empty={<EmptyState title={t('evaluationRules.emptyTitle')} hint={t('evaluationRules.emptyHint')} />}
      >
        {(data) => (
          <div className="card">
            <table className="table" data-testid="evaluation-rules">
              <thead>
                <tr>
                  <th>{t('evaluationRules.name')}</th>
                  <th>{t('evaluationRules.filter')}</th>
                  <th>{t('evaluationRules.sampling')}</th>
                  <th>{t('evaluationRules.evaluators')}</th>
                  <th>{t('evaluationRules.connection')}</th>
                  <th>{t('evaluationRules.dailyCap')}</th>
                  <th>{t('evaluationRules.enabled')}</th>
                  {isAdmin && <th>{t('evaluationRules.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {data.rules.map((rule) => (
                  <RuleRow key={rule.id} rule={rule} onEdit={() => setEditing({ mode: 'edit', rule })} onBackfill={() => setEditing({ mode: 'backfill', rule })} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <h2>{t('evaluationRules.connections')}</h2>
      <QueryView query={connections}>
        {(data) => (
          <div className="card">
            <table className="table" data-testid="model-connections">
              <thead>
                <tr>
                  <th>{t('evaluationRules.connection')}</th>
                  <th>{t('evaluationRules.baseUrl')}</th>
                  <th>{t('evaluationRules.model')}</th>
                </tr>
              </thead>
              <tbody>
                {data.connections.map((c) => (
                  <tr key={c.name}>
                    <td>{c.name}</td>
                    <td>{c.base_url ?? <span className="muted">{t('evaluationRules.offline')}</span>}</td>
                    <td>{c.model ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </div>
  );
}
