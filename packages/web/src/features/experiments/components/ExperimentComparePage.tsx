/** Two runs compared: per-metric deltas with confidence intervals, McNemar on pass/fail, per-item regressions. */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { ItemChange } from '@tracehub/core';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatPercent } from '../../../shared/format';
import { useComparison } from '../api';

const f = (v: number | null, digits = 3) => (v == null ? '—' : v.toFixed(digits));
const signed = (v: number | null) => (v == null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(3)}`);
/** The compare engine names the overall pass/fail outcome `passed`; evaluator names are shown as given. */
function useMetricName() {
  const { t } = useTranslation();
  return (metric: string) => (metric === 'passed' ? t('experiments.overallPass') : metric);
}
const tone = (direction: string) => (direction === 'worse' ? 'tone-bad' : direction === 'better' ? 'tone-ok' : '');

function Changes({ title, items }: { title: string; items: ItemChange[] }) {
  const { t } = useTranslation();
  const metricName = useMetricName();
  return (
    <section className="card">
      <h2>
        {title} ({items.length})
      </h2>
      {items.length === 0 ? (
        <p className="muted">{t('experiments.noChanges')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('experiments.item')}</th>
                <th className="num">A</th>
                <th className="num">B</th>
                <th className="num">Δ</th>
                <th>{t('experiments.metrics')}</th>
                <th>{t('experiments.traces')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.key}>
                  <td>{c.item_id}</td>
                  <td className="num">
                    {f(c.a_score)} {c.a_passed ? '✓' : '✗'}
                  </td>
                  <td className="num">
                    {f(c.b_score)} {c.b_passed ? '✓' : '✗'}
                  </td>
                  <td className="num">{signed(c.delta)}</td>
                  <td>{c.metrics.map(metricName).join(', ')}</td>
                  <td>
                    <div className="row">
                      {c.a_trace_id && <Link to={`/traces/${encodeURIComponent(c.a_trace_id)}`}>A</Link>}
                      {c.b_trace_id && <Link to={`/traces/${encodeURIComponent(c.b_trace_id)}`}>B</Link>}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The page (`?a=<baseline>&b=<candidate>`). */
export function ExperimentComparePage() {
  const { t } = useTranslation();
  const metricName = useMetricName();
  const [params] = useSearchParams();
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const cmp = useComparison(a, b);
  if (!a || !b) return <ErrorState error={new Error(t('experiments.pickTwo'))} />;
  if (cmp.isPending) return <Loading />;
  if (cmp.error) return <ErrorState error={cmp.error} onRetry={() => void cmp.refetch()} />;
  const c = cmp.data;
  return (
    <div className="page">
      <Link to="/experiments" className="back-link">
        ← {t('experiments.title')}
      </Link>
      <PageHeader
        title={t('experiments.compareTitle', { a: c.a.name, b: c.b.name })}
        subtitle={t('experiments.compareSubtitle', { paired: c.paired, onlyA: c.only_in_a, onlyB: c.only_in_b, confidence: Math.round(c.confidence * 100) })}
        actions={<span className={`badge badge-${c.verdict === 'worse' ? 'bad' : c.verdict === 'better' ? 'ok' : 'neutral'}`}>{t(`experiments.verdict.${c.verdict}`)}</span>}
      />
      {c.differences.notes.length > 0 && (
        <div className="notice" role="status" data-testid="compare-differences">
          <strong>{t('experiments.differencesTitle')}</strong>
          <ul>
            {c.differences.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="card">
        <h2>{t('experiments.metricsTitle')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="compare-metrics">
            <thead>
              <tr>
                <th>{t('experiments.metric')}</th>
                <th className="num">n</th>
                <th className="num">A</th>
                <th className="num">B</th>
                <th className="num">Δ (B − A)</th>
                <th className="num">{t('experiments.interval')}</th>
              </tr>
            </thead>
            <tbody>
              {c.metrics.map((m) => (
                <tr key={m.metric}>
                  <td>{metricName(m.metric)}</td>
                  <td className="num">{m.n}</td>
                  <td className="num">{f(m.a_mean)}</td>
                  <td className="num">{f(m.b_mean)}</td>
                  <td className={`num ${m.significant ? tone(m.direction) : ''}`}>{signed(m.delta)}</td>
                  <td className="num">
                    [{f(m.ci_low)}, {f(m.ci_high)}]{m.significant ? ' *' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h4>{t('experiments.passFailTitle')}</h4>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('experiments.metric')}</th>
                <th className="num">A</th>
                <th className="num">B</th>
                <th className="num">{t('experiments.regressions')}</th>
                <th className="num">{t('experiments.improvements')}</th>
                <th className="num">p</th>
              </tr>
            </thead>
            <tbody>
              {c.pass_fail.map((p) => (
                <tr key={p.metric}>
                  <td>{metricName(p.metric)}</td>
                  <td className="num">{formatPercent(p.a_pass_rate)}</td>
                  <td className="num">{formatPercent(p.b_pass_rate)}</td>
                  <td className="num">{p.regressions}</td>
                  <td className="num">{p.improvements}</td>
                  <td className={`num ${p.significant ? tone(p.direction) : ''}`}>
                    {p.p_value.toFixed(4)} ({t(`experiments.testName.${p.test}`)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <Changes title={t('experiments.regressions')} items={c.regressions} />
      <Changes title={t('experiments.improvements')} items={c.improvements} />
    </div>
  );
}
