/** Evaluation results of a trace. */
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvalView } from '@tracehub/core';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { asScoreComment, ScoreCommentView } from '../../../shared/components/ScoreComment';
import { StatusBadge } from '../../../shared/components/StatusBadge';
import { formatTime } from '../../../shared/format';
import { evalSnippet } from '../../../shared/snippets';

/** An eval's comment: an evaluator's structured comment as text, anything else as a payload. */
function EvalComment({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const comment = asScoreComment(value);
  if (!comment) return <PayloadViewer title={t('detail.evals.comment')} value={value} />;
  return (
    <div data-testid="eval-comment">
      <div className="payload-head">
        <strong>{t('detail.evals.comment')}</strong>
      </div>
      <ScoreCommentView comment={comment} />
    </div>
  );
}

/** A table of evals; a row opens its comment and metadata. */
export function EvalsPanel({ evals, traceId, spanNames }: { evals: EvalView[]; traceId: string; spanNames: Map<string, string> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  if (evals.length === 0) return <EmptyState title={t('detail.noEvals')} hint={t('detail.noEvalsHint')} snippets={[evalSnippet(traceId)]} />;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="evals">
        <thead>
          <tr>
            <th>{t('detail.evals.name')}</th>
            <th className="num">{t('detail.evals.score')}</th>
            <th>{t('detail.evals.passed')}</th>
            <th>{t('detail.evals.label')}</th>
            <th>{t('detail.evals.model')}</th>
            <th>{t('detail.evals.source')}</th>
            <th>{t('detail.span')}</th>
            <th>{t('detail.evals.time')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {evals.map((e) => (
            <Fragment key={e.eval_id}>
              <tr>
                <td>{e.eval_name}</td>
                <td className="num">{e.score ?? '—'}</td>
                <td>{e.passed == null ? '—' : <StatusBadge value={e.passed ? 'passed' : 'failed'} />}</td>
                <td>{e.label ? t(`detail.evals.labels.${e.label}` as 'detail.evals.labels.pass', { defaultValue: e.label }) : ''}</td>
                <td>{e.eval_model ?? ''}</td>
                <td>{t(`detail.evals.sources.${e.source}` as 'detail.evals.sources.api', { defaultValue: e.source })}</td>
                <td>{e.span_id ? (spanNames.get(e.span_id) ?? e.span_id) : <span className="muted">{t('detail.wholeTrace')}</span>}</td>
                <td className="nowrap">{formatTime(e.eval_time, false, true)}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => setOpen(open === e.eval_id ? null : e.eval_id)}>
                    {open === e.eval_id ? t('common.hide') : t('common.details')}
                  </button>
                </td>
              </tr>
              {open === e.eval_id && (
                <tr>
                  <td colSpan={9}>
                    <div className="io-grid">
                      <EvalComment value={e.comment} />
                      <PayloadViewer title={t('detail.evals.metadata')} value={e.metadata} />
                    </div>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
