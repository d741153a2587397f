/** Annotation queues: each queue with its progress, and the form that creates one. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../shared/components/EmptyState';
import { PageHeader } from '../../../shared/components/PageHeader';
import { QueryView } from '../../../shared/components/QueryView';
import { usePermissions } from '../../auth';
import { useAnnotationQueues } from '../api';
import { CreateQueueForm } from './CreateQueueForm';

export function QueueListPage() {
  const { t } = useTranslation();
  const { canWrite } = usePermissions();
  const queues = useAnnotationQueues();
  return (
    <div className="page">
      <PageHeader title={t('annotationQueues.title')} subtitle={t('annotationQueues.subtitle')} />
      <QueryView
        query={queues}
        isEmpty={(d) => d.queues.length === 0}
        empty={<EmptyState title={t('annotationQueues.emptyTitle')} hint={t('annotationQueues.emptyHint')} />}
      >
        {(data) => (
          <div className="card">
            <table className="table" data-testid="annotation-queues">
              <thead>
                <tr>
                  <th>{t('annotationQueues.name')}</th>
                  <th>{t('annotationQueues.scoreDefinitions')}</th>
                  <th>{t('annotationQueues.items')}</th>
                  <th>{t('annotationQueues.completed')}</th>
                  <th>{t('annotationQueues.reviewers')}</th>
                </tr>
              </thead>
              <tbody>
                {data.queues.map((q) => (
                  <tr key={q.id} data-testid="annotation-queue">
                    <td>
                      <Link to={encodeURIComponent(q.id)}>{q.name}</Link>
                      {q.description && <div className="muted">{q.description}</div>}
                    </td>
                    <td>{q.score_definitions.map((d) => `${d.name} (${t(`annotationQueues.types.${d.type}`)})`).join(', ')}</td>
                    <td>{q.items}</td>
                    <td>{q.completed}</td>
                    <td>{q.reviewers.map((r) => `${r.reviewer}: ${r.done}`).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {canWrite ? <CreateQueueForm /> : <p className="muted">{t('annotationQueues.viewerNote')}</p>}
    </div>
  );
}
