/** Decisions of the policy engine on this trace, and the judge runs behind them. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DecisionView, JudgeRunView } from '@tracehub/core';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatDuration, formatTime } from '../../../shared/format';
import { decideSnippet } from '../../../shared/snippets';

function activeSignals(signals: DecisionView['signals']): string[] {
  const out: string[] = [];
  if (signals.pii) out.push(`PII: ${signals.pii_types.join(', ')}`);
  if (signals.prompt_injection) out.push(`injection: ${signals.injection_patterns.join(', ')}`);
  if (signals.latency_exceeded) out.push(`latency ${formatDuration(signals.latency_ms)}`);
  if (signals.token_exceeded) out.push(`tokens ${signals.tokens}`);
  if (signals.content_flagged) out.push(`content: ${signals.content_flags.join(', ')}`);
  return out;
}

/** Decision cards (newest first) and a judge run table. */
export function DecisionsPanel({ decisions, judgeRuns, traceId }: { decisions: DecisionView[]; judgeRuns: JudgeRunView[]; traceId: string }) {
  const { t } = useTranslation();
  if (decisions.length === 0 && judgeRuns.length === 0) {
    return <EmptyState title={t('detail.noDecisions')} hint={t('detail.noDecisionsHint')} snippets={[decideSnippet(traceId)]} />;
  }
  return (
    <div className="decisions" data-testid="decisions">
      {[...decisions].reverse().map((d) => (
        <article key={d.decision_id} className="card-inner decision">
          <header className="decision-head">
            <StatusBadge value={d.action} />
            <strong>{d.reason_code}</strong>
            <span className="badge badge-neutral">{t(`cases.severityLevel.${d.severity}`, { defaultValue: d.severity })}</span>
            <span className="muted small">{formatTime(d.created_at, false, true)}</span>
            {d.case_id && (
              <Link to={`/cases/${encodeURIComponent(d.case_id)}`} className="btn btn-small">
                {t('detail.decision.openCase')}
              </Link>
            )}
          </header>
          <dl className="facts">
            <div>
              <dt>{t('detail.decision.policy')}</dt>
              <dd>{d.policy_name ? `${d.policy_name} v${d.policy_version}` : t('detail.decision.noPolicy')}</dd>
            </div>
            <div>
              <dt>{t('detail.decision.judgeModel')}</dt>
              <dd>{d.judge_model}</dd>
            </div>
            <div>
              <dt>{t('detail.decision.latency')}</dt>
              <dd>
                {formatDuration(d.latency_ms)}
                {d.cached ? ` · ${t('detail.decision.cached')}` : ''}
              </dd>
            </div>
            <div>
              <dt>{t('detail.decision.signals')}</dt>
              <dd>{activeSignals(d.signals).join(' · ') || t('detail.decision.noSignals')}</dd>
            </div>
          </dl>
        </article>
      ))}
      {judgeRuns.length > 0 && (
        <>
          <h4>{t('detail.decision.judgeRuns')}</h4>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('detail.decision.judge')}</th>
                  <th>{t('detail.decision.model')}</th>
                  <th>{t('detail.decision.valid')}</th>
                  <th className="num">{t('detail.decision.attempts')}</th>
                  <th className="num">{t('detail.decision.latency')}</th>
                  <th>{t('detail.decision.output')}</th>
                </tr>
              </thead>
              <tbody>
                {judgeRuns.map((r) => (
                  <tr key={r.run_id}>
                    <td>{r.judge}</td>
                    <td>{r.model}</td>
                    <td>{r.valid ? <StatusBadge value="passed" /> : <span className="badge badge-bad">{r.error ?? '✗'}</span>}</td>
                    <td className="num">{r.attempts}</td>
                    <td className="num">{formatDuration(r.latency_ms)}</td>
                    <td>
                      <PayloadViewer value={r.output} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
