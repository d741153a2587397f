/**
 * Online evaluation rules: what each rule picks, how much it samples, its evaluators and judge
 * connection, and whether it runs (admins turn it on or off); below, the operator's model connections.
 * Rules are created through the API (docs/online-evaluators.md).
 */
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { useEvaluationRules, useModelConnections, useSetRuleEnabled, type EvaluationRuleView } from '../api';

const filterText = (filter: Record<string, unknown>) =>
  Object.entries(filter)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');

function RuleRow({ rule }: { rule: EvaluationRuleView }) {
  const { t } = useTranslation();
  const { isAdmin } = usePermissions();
  const setEnabled = useSetRuleEnabled();
  return (
    <tr data-testid="evaluation-rule">
      <td>
        <strong>{rule.name}</strong>
        <div className="muted">{t('evaluationRules.version', { version: rule.version, time: formatTime(rule.updated_at) })}</div>
      </td>
      <td>{Object.keys(rule.filter).length ? <code>{filterText(rule.filter)}</code> : <span className="muted">{t('evaluationRules.allTraces')}</span>}</td>
      <td>{Math.round(rule.sampling_rate * 1000) / 10} %</td>
      <td>{rule.evaluators.map((e) => e.name ?? e.type).join(', ')}</td>
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
    </tr>
  );
}

/** The page. */
export function EvaluationRulesPage() {
  const { t } = useTranslation();
  const rules = useEvaluationRules();
  const connections = useModelConnections();
  return (
    <div className="page">
      <PageHeader title={t('evaluationRules.title')} subtitle={t('evaluationRules.subtitle')} />
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
                </tr>
              </thead>
              <tbody>
                {data.rules.map((rule) => (
                  <RuleRow key={rule.id} rule={rule} />
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
