/** Several runs compared: a prompts × models table per metric, the best marked, each run against a chosen baseline, and pass@k / flakiness. */
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { ComparisonMatrix, MatrixCell } from '@tracehub/core';
import { ErrorState } from '../../../shared/components/ErrorState';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { formatPercent } from '../../../shared/format';
import { useMatrix } from '../api';

const f = (v: number | null | undefined, digits = 3) => (v == null ? '—' : v.toFixed(digits));
const signed = (v: number | null | undefined) => (v == null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(3)}`);
const metricValue = (metric: string, v: number | null | undefined) => (metric === 'pass_rate' ? formatPercent(v ?? null) : f(v));

/** One cell of a metric table: the value, ★ when best, ▲ / ▼ when significantly better / worse than the baseline. */
function CellValue({ cell, metric }: { cell: MatrixCell; metric: string }) {
  const { t } = useTranslation();
  const s = cell.vs_baseline?.[metric];
  const tone = s?.significant ? (s.direction === 'better' ? 'tone-ok' : 'tone-bad') : '';
  return (
    <span className={tone}>
      {metricValue(metric, cell.values[metric])}
      {cell.best.includes(metric) && <span title={t('experiments.matrix.best')}> ★</span>}
      {cell.baseline && <span className="muted small"> ({t('experiments.matrix.baseline')})</span>}
      {s?.significant && <span title={t(`experiments.matrix.${s.direction === 'better' ? 'better' : 'worse'}`)}>{s.direction === 'better' ? ' ▲' : ' ▼'}</span>}
    </span>
  );
}

function MetricTable({ m, metric }: { m: ComparisonMatrix; metric: string }) {
  const { t } = useTranslation();
  // The overall score and pass rate by their UI names; evaluator names as given.
  const title = metric === 'score' ? t('experiments.meanScore') : metric === 'pass_rate' ? t('experiments.passRate') : metric;
  return (
    <div className="table-wrap">
      <h4>{title}</h4>
      <table className="table" data-testid={`matrix-${metric}`}>
        <thead>
          <tr>
            <th>{t('experiments.prompt')}</th>
            {m.columns.map((model) => (
              <th key={model} className="num">
                {model}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.rows.map((row) => (
            <tr key={row}>
              <td>{row}</td>
              {m.columns.map((model) => {
                const cell = m.cells.find((c) => c.row === row && c.model === model);
                return (
                  <td key={model} className="num">
                    {cell ? <CellValue cell={cell} metric={metric} /> : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The page (`?runs=<id>,<id>,…&baseline=<id>`). */
export function ExperimentMatrixPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const runs = (params.get('runs') ?? '').split(',').filter(Boolean);
  const baseline = params.get('baseline');
  const query = useMatrix(runs, baseline);
  if (runs.length < 2) return <ErrorState error={new Error(t('experiments.pickTwo'))} />;
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const m = query.data;
  const confidence = Math.round(m.confidence * 100);
  const chooseBaseline = (runId: string) => {
    const next = new URLSearchParams(params);
    next.set('baseline', runId);
    setParams(next);
  };
  return (
    <div className="page">
      <Link to="/experiments" className="back-link">
        ← {t('experiments.title')}
      </Link>
      <PageHeader
        title={t('experiments.matrix.title', { n: m.cells.length })}
        subtitle={t('experiments.matrix.subtitle', { items: m.shared.items, evaluators: m.shared.evaluators.join(', ') || '—', confidence, alpha: m.alpha })}
        actions={
          <label className="row">
            {t('experiments.matrix.baseline')}
            <select value={m.baseline.run_id} onChange={(e) => chooseBaseline(e.target.value)} data-testid="matrix-baseline">
              {m.cells.map((c) => (
                <option key={c.run_id} value={c.run_id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        }
      />
      {m.notes.length > 0 && (
        <div className="notice" role="status" data-testid="matrix-differences">
          <strong>{t('experiments.matrix.differencesTitle')}</strong>
          <ul>
            {m.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="card">
        <h2>{t('experiments.matrix.tablesTitle')}</h2>
        <p className="muted small">{t('experiments.matrix.legend', { confidence })}</p>
        {m.metrics.map((metric) => (
          <MetricTable key={metric} m={m} metric={metric} />
        ))}
      </section>
      <section className="card">
        <h2>{t('experiments.matrix.runsTitle')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="matrix-runs">
            <thead>
              <tr>
                <th>{t('experiments.name')}</th>
                <th>{t('experiments.prompt')}</th>
                <th>{t('experiments.model')}</th>
                <th className="num">{t('experiments.meanScore')}</th>
                <th className="num">Δ</th>
                <th className="num">{t('experiments.interval')}</th>
                <th className="num">{t('experiments.passRate')}</th>
                <th className="num">{t('experiments.matrix.mcnemarP')}</th>
                <th>{t('experiments.matrix.verdictHeader')}</th>
              </tr>
            </thead>
            <tbody>
              {m.cells.map((c) => {
                const s = c.vs_baseline?.score;
                const p = c.vs_baseline?.pass_rate;
                return (
                  <tr key={`${c.run_id}-${c.row}`}>
                    <td>
                      <Link to={`/experiments/${encodeURIComponent(c.run_id)}`}>{c.name}</Link>
                    </td>
                    <td>{c.prompt}</td>
                    <td>{c.model}</td>
                    <td className="num">{f(c.values.score)}</td>
                    <td className="num">{signed(s?.delta)}</td>
                    <td className="num">{s ? `[${f(s.ci_low)}, ${f(s.ci_high)}]` : '—'}</td>
                    <td className="num">{formatPercent(c.values.pass_rate ?? null)}</td>
                    <td className="num">{p?.p_value == null ? '—' : p.p_value.toFixed(4)}</td>
                    <td>{c.verdict ? t(`experiments.matrix.verdict.${c.verdict}`) : t('experiments.matrix.baseline')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      {m.stability.length > 0 && (
        <section className="card" data-testid="matrix-stability">
          <h2>{t('experiments.matrix.stabilityTitle')}</h2>
          {m.stability.map((st) => (
            <div key={`${st.prompt}-${st.model}`}>
              <h4>
                {st.prompt} × {st.model} ({st.runs.join(', ')})
              </h4>
              <p>
                {Object.entries(st.pass_at_k)
                  .map(([k, v]) => `pass@${k} ${f(v)}`)
                  .join(' · ')}
                {' · '}
                {t('experiments.matrix.flaky', { n: st.flakiness.flaky_items, items: st.flakiness.items, outcomes: st.flakiness.outcomes_per_item })}
              </p>
              {st.flakiness.flakiest.length > 0 && (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th>{t('experiments.item')}</th>
                        <th>{t('experiments.matrix.outcomes')}</th>
                        <th className="num">{t('experiments.matrix.flips')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {st.flakiness.flakiest.map((i) => (
                        <tr key={i.item_id}>
                          <td>{i.item_id}</td>
                          <td>
                            <code>{i.outcomes}</code>
                          </td>
                          <td className="num">{i.flips}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
