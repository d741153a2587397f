/** "Add to dataset": the trace's (or the selected span's) input and output become a dataset item. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FormError } from '../../../shared/components/FormError';
import { Dialog } from '../../../shared/components/Dialog';
import { useAddToDataset, useDatasetNames } from '../api';

/** The button and its dialog; `defaultExpected` pre-fills the expected output (e.g. the expected.json stub of the miss-queries page). */
export function AddToDatasetDialog({ traceId, spanId, spanName, defaultExpected = '' }: { traceId: string; spanId: string | null; spanName?: string; defaultExpected?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [dataset, setDataset] = useState('');
  const [useSpan, setUseSpan] = useState(false);
  const [expected, setExpected] = useState(defaultExpected);
  const names = useDatasetNames();
  const add = useAddToDataset();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let expectedOutput: unknown;
    if (expected.trim()) {
      try {
        expectedOutput = JSON.parse(expected);
      } catch {
        expectedOutput = expected;
      }
    }
    add.mutate({ dataset: dataset.trim(), trace_id: traceId, span_id: useSpan && spanId ? spanId : undefined, expected_output: expectedOutput });
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => { add.reset(); setOpen(true); }}>
        {t('detail.addToDataset')}
      </button>
      <Dialog open={open} title={t('detail.addToDataset')} onClose={() => setOpen(false)}>
        {add.isSuccess ? (
          <div className="stack">
            <p>{t('detail.dataset.added', { item: add.data.item_id, dataset })}</p>
            <div className="row">
              <Link className="btn btn-primary" to={`/datasets/${encodeURIComponent(dataset.trim())}`}>
                {t('detail.dataset.open')}
              </Link>
              <button type="button" className="btn" onClick={() => setOpen(false)}>
                {t('common.close')}
              </button>
            </div>
          </div>
        ) : (
          <form className="stack" onSubmit={submit}>
            <label>
              {t('detail.dataset.name')}
              <input list="dataset-names" name="dataset" value={dataset} onChange={(e) => setDataset(e.target.value)} required />
              <datalist id="dataset-names">
                {(names.data ?? []).map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
            </label>
            {spanId && (
              <label className="checkbox">
                <input type="checkbox" checked={useSpan} onChange={(e) => setUseSpan(e.target.checked)} />
                {t('detail.dataset.useSpan', { span: spanName ?? spanId })}
              </label>
            )}
            <label>
              {t('detail.dataset.expected')}
              <textarea rows={4} value={expected} onChange={(e) => setExpected(e.target.value)} placeholder={t('detail.dataset.expectedHint')} />
            </label>
            <FormError error={add.error} />
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={add.isPending}>
                {t('detail.dataset.add')}
              </button>
              <button type="button" className="btn" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
