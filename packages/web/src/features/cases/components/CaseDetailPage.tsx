/** One case: what was decided and why, webhook deliveries, and acknowledge / resolve with a note. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatTime } from '../../../shared/format';
import { useMe, usePermissions } from '../../auth';
import { useCase, useCaseTransition } from '../api';
import { FormError } from '../../../shared/components/FormError';
import { CodeBlock } from '../../../shared/components/CodeBlock';
import { policyYaml } from '../../policies';
import { FlaggedText } from './FlaggedText';

/** The page. */
export function CaseDetailPage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const detail = useCase(caseId);
  const transition = useCaseTransition(caseId);
  const { canWrite } = usePermissions();
  const me = useMe();
  const [note, setNote] = useState('');
  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} notFound={{ kind: 'case', listPath: '/cases' }} />;
  const c = detail.data;
  const by = me.data?.user?.username;
  const act = (action: 'ack' | 'resolve') => transition.mutate({ action, note: note.trim() || undefined, by }, { onSuccess: () => setNote('') });
  const facts: Array<[string, React.ReactNode]> = [
    [t('cases.status'), <StatusBadge key="s" value={c.status} />],
    [t('cases.severity'), t(`cases.severityLevel.${c.severity}`, { defaultValue: c.severity })],
    [t('cases.reason'), c.reason_code],
    [t('cases.trace'), <Link key="t" to={`/traces/${encodeURIComponent(c.trace_id)}?tab=decisions`}>{c.trace_id}</Link>],
    [t('cases.policy'), c.policy_id ? <Link key="p" to={`/policies/${encodeURIComponent(c.policy_id)}`}>{`${c.decision?.policy_name ?? c.policy_id} v${c.policy_version ?? '?'}`}</Link> : '—'],
    [t('cases.created'), formatTime(c.created_at)],
    [t('cases.acknowledged'), c.acknowledged_at ? `${formatTime(c.acknowledged_at)} · ${c.acknowledged_by ?? ''}` : '—'],
    [t('cases.resolved'), c.resolved_at ? `${formatTime(c.resolved_at)} · ${c.resolved_by ?? ''}` : '—'],
    [t('cases.note'), c.note ?? '—'],
  ];
  return (
    <div className="page">
      <Link to="/cases" className="back-link">
        ← {t('cases.title')}
      </Link>
      <PageHeader title={t('cases.detailTitle', { id: c.case_id })} subtitle={c.decision ? <StatusBadge value={c.decision.action} /> : undefined} />
      <section className="card">
        <dl className="facts facts-wide" data-testid="case-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {canWrite && c.status !== 'resolved' && (
          <div className="stack case-actions">
            <label>
              {t('cases.notePlaceholder')}
              <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <div className="row">
              {c.status === 'open' && (
                <button type="button" className="btn" disabled={transition.isPending} onClick={() => act('ack')}>
                  {t('cases.ack')}
                </button>
              )}
              <button type="button" className="btn btn-primary" disabled={transition.isPending} onClick={() => act('resolve')}>
                {t('cases.resolve')}
              </button>
            </div>
            <FormError error={transition.error} />
          </div>
        )}
      </section>
      <section className="card" data-testid="case-flagged">
        <h2>{t('cases.flagged')}</h2>
        <p className="muted small">{t('cases.flaggedHint')}</p>
        {c.flagged ? <FlaggedText flagged={c.flagged} /> : <p className="muted">{t('cases.flaggedGone')}</p>}
      </section>
      {c.decision && (
        <section className="card" data-testid="case-rule">
          <h2>{t('cases.rule')}</h2>
          {c.rule && c.decision.rule ? (
            <>
              <p className="muted small">{t('cases.ruleIndex', { n: c.decision.rule.index + 1, version: c.decision.policy_version ?? '?' })}</p>
              <CodeBlock code={policyYaml(c.rule)} />
            </>
          ) : (
            <p className="muted">{t('cases.noRule')}</p>
          )}
          <h3>{t('cases.decision')}</h3>
          <PayloadViewer value={{ action: c.decision.action, reason_code: c.decision.reason_code, signals: c.decision.signals, judge_model: c.decision.judge_model }} />
        </section>
      )}
      <section className="card">
        <h2>{t('cases.notifications')}</h2>
        {c.notifications.length === 0 ? (
          <p className="muted">{t('cases.noNotifications')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('cases.event')}</th>
                  <th>URL</th>
                  <th>{t('cases.status')}</th>
                  <th className="num">{t('cases.attempts')}</th>
                  <th>{t('cases.lastResult')}</th>
                </tr>
              </thead>
              <tbody>
                {c.notifications.map((n) => (
                  <tr key={n.notification_id}>
                    <td>{n.event}</td>
                    <td>
                      <code className="small">{n.url}</code>
                    </td>
                    <td>
                      <span className={`badge badge-${n.status === 'delivered' ? 'ok' : n.status === 'failed' ? 'bad' : 'warn'}`}>{t(`cases.notificationStatus.${n.status}`)}</span>
                    </td>
                    <td className="num">
                      {n.attempt_count}/{n.max_attempts}
                    </td>
                    <td className="small">{n.last_error ?? (n.last_status_code ? `HTTP ${n.last_status_code}` : '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
