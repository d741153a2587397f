/** One queue: its score definitions, progress per reviewer and items, with the way into the review screen. */
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { formatTime } from '../../../shared/format';
import { usePermissions } from '../../auth';
import { useAnnotationQueue } from '../api';

export function QueuePage() {
  const { t } = useTranslation();
  const { queueId = '' } = useParams();
  const { canWrite } = usePermissions();
  const queue = useAnnotationQueue(queueId);
  return (
    <div className="page">
      <QueryView query={queue}>
        {(q) => (
          <div className="stack">
            <PageHeader
              title={q.name}
              subtitle={<span data-testid="queue-progress">{t('annotationQueues.progress', { completed: q.completed, items: q.items })}</span>}
              actions={
                <>
                  <Link className="btn" to="..">{t('annotationQueues.back')}</Link>
                  {canWrite && <Link className="btn btn-primary" to="review">{t('annotationQueues.startReview')}</Link>}
                </>
              }
            />
            {!canWrite && <p className="muted">{t('annotationQueues.viewerNote')}</p>}
            {q.description && <p>{q.description}</p>}
            <p>
              {t('annotationQueues.scoreDefinitions')}: {q.score_definitions.map((d) => `${d.name} (${t(`annotationQueues.types.${d.type}`)})`).join(', ')} ·{' '}
              {t('annotationQueues.reviewsPerItem')}: {q.reviews_per_item}
            </p>
            <h2>{t('annotationQueues.reviewers')}</h2>
            {q.reviewers.length === 0 ? (
              <p className="muted">{t('annotationQueues.noReviewers')}</p>
            ) : (
              <div className="card">
                <table className="table" data-testid="reviewer-progress">
                  <thead>
                    <tr>
                      <th>{t('annotationQueues.reviewer')}</th>
                      <th>{t('annotationQueues.done')}</th>
                      <th>{t('annotationQueues.skipped')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.reviewers.map((r) => (
                      <tr key={r.reviewer}>
                        <td>{r.reviewer}</td>
                        <td>{r.done}</td>
                        <td>{r.skipped}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <h2>{t('annotationQueues.itemList')}</h2>
            <div className="card">
              <table className="table" data-testid="queue-items">
                <thead>
                  <tr>
                    <th>{t('annotationQueues.trace')}</th>
                    <th>{t('annotationQueues.source')}</th>
                    <th>{t('annotationQueues.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.item_list.map((item) => (
                    <tr key={item.id}>
                      <td>
                        <Link to={`/traces/${encodeURIComponent(item.trace_id)}`}>{item.trace_id}</Link>
                        {item.span_id && <span className="muted"> · {item.span_id}</span>}
                        <div className="muted small">{formatTime(item.created_at)}</div>
                      </td>
                      <td>
                        {t(`annotationQueues.sources.${item.source}`, { defaultValue: item.source })}
                        {item.source_ref && <span className="muted"> · {item.source_ref}</span>}
                      </td>
                      <td>
                        {t(`annotationQueues.statuses.${item.status}`)} ({item.reviews_done}/{q.reviews_per_item})
                        {item.locked_by && <div className="muted small">{t('annotationQueues.lockedBy', { reviewer: item.locked_by })}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </QueryView>
    </div>
  );
}
