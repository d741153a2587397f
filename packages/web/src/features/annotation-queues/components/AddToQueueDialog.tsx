/** "Add to queue": traces by id (a trace, a miss-query group's examples) or the trace list's current filter. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Dialog } from '../../../shared/components/Dialog';
import { FormError } from '../../../shared/components/FormError';
import { useAddQueueItems, useAnnotationQueues, type AddItemsBody } from '../api';

type Props =
  | { traceIds: string[]; source?: 'manual' | 'miss-query' | 'failed-eval' | 'experiment-item'; sourceRef?: string; filter?: undefined }
  | { filter: Record<string, string | number>; traceIds?: undefined; source?: undefined; sourceRef?: undefined };

export function AddToQueueDialog(props: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [queueId, setQueueId] = useState('');
  const [limit, setLimit] = useState('100');
  const queues = useAnnotationQueues();
  const add = useAddQueueItems();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: AddItemsBody = props.filter
      ? { filter: props.filter, limit: Number(limit) }
      : { trace_ids: props.traceIds, ...(props.source ? { source: props.source } : {}), ...(props.sourceRef ? { source_ref: props.sourceRef.slice(0, 256) } : {}) };
    add.mutate({ queueId, body });
  };
  const list = queues.data?.queues ?? [];
  return (
    <>
      <button type="button" className="btn" onClick={() => { add.reset(); setOpen(true); }}>
        {props.filter ? t('annotationQueues.add.bulkButton') : t('annotationQueues.add.button')}
      </button>
      <Dialog open={open} title={t('annotationQueues.add.title')} onClose={() => setOpen(false)}>
        {add.isSuccess ? (
          <div className="stack">
            <p role="status">{t('annotationQueues.add.added', { added: add.data.added, already: add.data.already_queued })}</p>
            <div className="row">
              <Link className="btn btn-primary" to={`/annotation-queues/${encodeURIComponent(queueId)}`}>{t('annotationQueues.add.open')}</Link>
              <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.close')}</button>
            </div>
          </div>
        ) : list.length === 0 && queues.isSuccess ? (
          <p>{t('annotationQueues.add.noQueues')} <Link to="/annotation-queues">{t('annotationQueues.title')}</Link></p>
        ) : (
          <form className="stack" onSubmit={submit}>
            <label>
              {t('annotationQueues.add.queue')}
              <select name="queue" value={queueId} onChange={(e) => setQueueId(e.target.value)} required>
                <option value="">{t('annotationQueues.add.choose')}</option>
                {list.map((q) => (
                  <option key={q.id} value={q.id}>{q.name}</option>
                ))}
              </select>
            </label>
            {props.filter ? (
              <>
                <p className="muted">{t('annotationQueues.add.filterNote')}</p>
                <label>
                  {t('annotationQueues.add.limit')}
                  <input type="number" min={1} max={1000} value={limit} onChange={(e) => setLimit(e.target.value)} />
                </label>
              </>
            ) : (
              props.traceIds.length > 1 && <p className="muted">{t('annotationQueues.add.tracesNote', { count: props.traceIds.length })}</p>
            )}
            <FormError error={add.error} />
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={add.isPending || !queueId}>{t('annotationQueues.add.submit')}</button>
              <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
