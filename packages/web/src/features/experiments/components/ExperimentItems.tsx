/**
 * A run's items: result, overall score, each evaluator's score, latency and cost; a row opens to the
 * input, the model's output and the expected value side by side and each evaluator's verdict with its
 * reasoning, checks and suggestions as text. An item whose model answered but an evaluator errored is
 * an evaluator error, not a failure.
 */
import type { ExperimentItemView, ExperimentScore } from '@tracehub/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { ScoreCommentView } from '../../../shared/components/ScoreComment';
import { formatCost, formatDuration } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { AddToQueueDialog } from '../../annotation-queues';

/** How an item ended: passed, failed (an evaluator said no), model error, or only an evaluator error. */
export type ItemOutcome = 'passed' | 'failed' | 'error' | 'evaluatorError';

/** The outcomes of `item` (failed and evaluatorError may both hold). */
export function itemOutcomes(item: ExperimentItemView): ItemOutcome[] {
  if (item.status === 'error') return ['error'];
  const scores = Object.values(item.scores);
  const failed = scores.some((s) => s.status === 'ok' && s.passed === false);
  const evaluatorError = scores.some((s) => s.status === 'error');
  if (!failed && !evaluatorError) return [item.passed ? 'passed' : 'failed'];
  return [...(failed ? (['failed'] as const) : []), ...(evaluatorError ? (['evaluatorError'] as const) : [])];
}

const TONE: Record<ItemOutcome, string> = { passed: 'ok', failed: 'bad', error: 'bad', evaluatorError: 'warn' };

/** One evaluator's verdict word: passed, failed, error or skipped. */
function verdict(s: ExperimentScore): 'passed' | 'failed' | 'error' | 'skipped' {
  if (s.status !== 'ok') return s.status;
  return s.passed ? 'passed' : 'failed';
}

/** Each evaluator's verdict on one item, as readable text. */
function EvaluatorVerdicts({ scores }: { scores: Record<string, ExperimentScore> }) {
  const { t } = useTranslation();
  return (
    <div className="evaluator-verdicts" data-testid="evaluator-verdicts">
      {Object.entries(scores)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, s]) => {
          const v = verdict(s);
          return (
            <section key={name} className="evaluator-verdict" data-evaluator={name}>
              <h4>
                {name} <span className={`badge badge-${v === 'passed' ? 'ok' : v === 'skipped' ? 'neutral' : v === 'error' ? 'warn' : 'bad'}`}>{t(`experiments.scoreVerdict.${v}`)}</span>{' '}
                <span className="small muted">
                  {s.score !== null && t('experiments.scoreOf', { score: s.score.toFixed(3) })}
                  {s.threshold !== null && ` · ${t('experiments.facts.threshold', { v: s.threshold })}`}
                  {s.eval_model && ` · ${s.eval_model}`}
                </span>
              </h4>
              <ScoreCommentView comment={s.comment} />
            </section>
          );
        })}
    </div>
  );
}

/** The items table with its filter. */
export function ExperimentItems({ items, evaluators }: { items: ExperimentItemView[]; evaluators: string[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const shown = onlyProblems ? items.filter((i) => !itemOutcomes(i).includes('passed')) : items;
  const { canWrite } = usePermissions();
  // The traces of the items that did not pass, for human review.
  const failedTraces = [...new Set(items.filter((i) => i.trace_id && !itemOutcomes(i).includes('passed')).map((i) => i.trace_id as string))];
  return (
    <section className="card">
      <div className="section-head">
        <h2>{t('experiments.itemsTitle', { n: items.length })}</h2>
        <label className="checkbox">
          <input type="checkbox" checked={onlyProblems} onChange={(ev) => setOnlyProblems(ev.target.checked)} />
          {t('experiments.onlyFailed')}
        </label>
        {canWrite && failedTraces.length > 0 && <AddToQueueDialog traceIds={failedTraces.slice(0, 1000)} source="experiment-item" />}
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="experiment-items">
          <thead>
            <tr>
              <th>{t('experiments.item')}</th>
              <th>{t('experiments.result')}</th>
              <th className="num">{t('experiments.score')}</th>
              {evaluators.map((ev) => (
                <th key={ev} className="num">
                  {ev}
                </th>
              ))}
              <th className="num">{t('experiments.latency')}</th>
              <th className="num">{t('experiments.cost')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <Fragment key={item.key}>
                <tr data-item={item.key}>
                  <td>
                    {item.item_id}
                    {item.repetition > 1 ? ` #${item.repetition}` : ''}
                    {item.trace_id && (
                      <>
                        {' '}
                        <Link to={`/traces/${encodeURIComponent(item.trace_id)}`} className="small">
                          {t('experiments.trace')}
                        </Link>
                      </>
                    )}
                  </td>
                  <td>
                    <div className="outcome-cell">
                      {itemOutcomes(item).map((o) => (
                        <span key={o} className={`badge badge-${TONE[o]}`}>
                          {t(`experiments.outcome.${o}`)}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td className="num">{item.score?.toFixed(3) ?? '—'}</td>
                  {evaluators.map((ev) => {
                    const s = item.scores[ev];
                    return (
                      <td key={ev} className={`num ${s?.passed === false ? 'tone-bad' : ''}`}>
                        {s ? s.status === 'ok' && s.score !== null ? s.score.toFixed(2) : t(`experiments.scoreVerdict.${verdict(s)}`) : ''}
                      </td>
                    );
                  })}
                  <td className="num">{formatDuration(item.latency_ms)}</td>
                  <td className="num">{formatCost(item.cost)}</td>
                  <td>
                    <button type="button" className="btn btn-small" aria-expanded={open === item.key} onClick={() => setOpen(open === item.key ? null : item.key)}>
                      {open === item.key ? t('common.hide') : t('common.details')}
                    </button>
                  </td>
                </tr>
                {open === item.key && (
                  <tr className="item-detail-row">
                    <td colSpan={6 + evaluators.length} data-testid="item-detail">
                      {item.error && (
                        <div className="form-error">
                          <strong>{t('experiments.modelError')}</strong> {item.error}
                        </div>
                      )}
                      <div className="io-grid">
                        <PayloadViewer title={t('experiments.input')} value={item.input} />
                        <PayloadViewer title={t('experiments.output')} value={item.output ?? t('experiments.noOutput')} />
                        <PayloadViewer title={t('experiments.expected')} value={item.expected ?? t('experiments.noExpected')} />
                      </div>
                      <EvaluatorVerdicts scores={item.scores} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
