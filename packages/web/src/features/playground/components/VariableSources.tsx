/** Fills the playground's variables from a dataset item or from a trace's input. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../shared/components/FormError';
import { useDataset, useDatasets } from '../../datasets';
import { loadTrace } from '../api';
import { valuesFrom } from '../variables';

function DatasetItemPicker({ dataset, names, onFill }: { dataset: string; names: string[]; onFill: (values: Record<string, string>) => void }) {
  const { t } = useTranslation();
  const detail = useDataset(dataset);
  const items = detail.data?.items ?? [];
  return (
    <label className="field">
      <span>{t('playground.item')}</span>
      <select
        data-testid="playground-dataset-item"
        value=""
        onChange={(e) => {
          const item = items.find((i) => i.id === e.target.value);
          if (item) onFill(valuesFrom(item.input, names));
        }}
      >
        <option value="">{t('playground.chooseItem')}</option>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.id} — {(typeof i.input === 'string' ? i.input : JSON.stringify(i.input)).slice(0, 60)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The two sources, side by side. */
export function VariableSources({ names, onFill }: { names: string[]; onFill: (values: Record<string, string>) => void }) {
  const { t } = useTranslation();
  const datasets = useDatasets();
  const [dataset, setDataset] = useState('');
  const [traceId, setTraceId] = useState('');
  const [traceError, setTraceError] = useState<unknown>(null);
  const fromTrace = async () => {
    setTraceError(null);
    try {
      const detail = await loadTrace(traceId.trim());
      const root = detail.spans.find((s) => !s.parent_span_id);
      onFill(valuesFrom(root?.input ?? detail.trace.input_text, names));
    } catch (error) {
      setTraceError(error);
    }
  };
  return (
    <div className="row wrap">
      <div className="stack">
        <span className="small muted">{t('playground.fillFromDataset')}</span>
        <div className="row wrap">
          <label className="field">
            <span>{t('playground.dataset')}</span>
            <select data-testid="playground-dataset" value={dataset} onChange={(e) => setDataset(e.target.value)}>
              <option value="">{t('playground.chooseDataset')}</option>
              {(datasets.data?.items ?? []).map((d) => (
                <option key={d.name} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          {dataset && <DatasetItemPicker dataset={dataset} names={names} onFill={onFill} />}
        </div>
      </div>
      <div className="stack">
        <span className="small muted">{t('playground.fillFromTrace')}</span>
        <div className="row">
          <label className="field">
            <span>{t('playground.traceId')}</span>
            <input data-testid="playground-trace-id" value={traceId} onChange={(e) => setTraceId(e.target.value)} />
          </label>
          <button type="button" className="btn btn-small" disabled={!traceId.trim()} onClick={() => void fromTrace()}>
            {t('playground.load')}
          </button>
        </div>
        <FormError error={traceError} />
      </div>
    </div>
  );
}
