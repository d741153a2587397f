/** The form that creates a queue: name, description, reviews per item and the score definitions. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../shared/components/FormError';
import { useCreateQueue, type ScoreDefinitionView } from '../api';

type Draft = { name: string; type: ScoreDefinitionView['type']; min: string; max: string; labels: string };

const emptyDraft = (): Draft => ({ name: '', type: 'boolean', min: '1', max: '5', labels: '' });

function toDefinition(d: Draft): ScoreDefinitionView {
  const name = d.name.trim();
  if (d.type === 'numeric') return { name, type: 'numeric', min: Number(d.min), max: Number(d.max) };
  if (d.type === 'categorical') return { name, type: 'categorical', labels: d.labels.split(',').map((l) => l.trim()).filter(Boolean) };
  return { name, type: d.type };
}

export function CreateQueueForm() {
  const { t } = useTranslation();
  const create = useCreateQueue();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [reviews, setReviews] = useState('1');
  const [drafts, setDrafts] = useState<Draft[]>([emptyDraft()]);
  const change = (i: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), reviews_per_item: Number(reviews), score_definitions: drafts.map(toDefinition) },
      { onSuccess: () => { setName(''); setDescription(''); setDrafts([emptyDraft()]); } },
    );
  };

  return (
    <form className="card stack" onSubmit={submit} data-testid="create-queue">
      <h2>{t('annotationQueues.creating')}</h2>
      <div className="row wrap">
        <label>
          {t('annotationQueues.name')}
          <input name="queue-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('annotationQueues.description')}
          <input name="queue-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label>
          {t('annotationQueues.reviewsPerItem')}
          <input name="reviews-per-item" type="number" min={1} max={10} value={reviews} onChange={(e) => setReviews(e.target.value)} />
        </label>
      </div>
      <h3>{t('annotationQueues.scoreDefinitions')}</h3>
      {drafts.map((d, i) => (
        <div className="row wrap" key={i} data-testid="score-definition">
          <label>
            {t('annotationQueues.definitionName')}
            <input name={`definition-name-${i}`} value={d.name} onChange={(e) => change(i, { name: e.target.value })} required />
          </label>
          <label>
            {t('annotationQueues.type')}
            <select name={`definition-type-${i}`} value={d.type} onChange={(e) => change(i, { type: e.target.value as Draft['type'] })}>
              {(['boolean', 'categorical', 'numeric', 'text'] as const).map((type) => (
                <option key={type} value={type}>
                  {t(`annotationQueues.types.${type}`)}
                </option>
              ))}
            </select>
          </label>
          {d.type === 'numeric' && (
            <>
              <label>
                {t('annotationQueues.min')}
                <input type="number" step="any" value={d.min} onChange={(e) => change(i, { min: e.target.value })} required />
              </label>
              <label>
                {t('annotationQueues.max')}
                <input type="number" step="any" value={d.max} onChange={(e) => change(i, { max: e.target.value })} required />
              </label>
            </>
          )}
          {d.type === 'categorical' && (
            <label>
              {t('annotationQueues.labels')}
              <input name={`definition-labels-${i}`} value={d.labels} onChange={(e) => change(i, { labels: e.target.value })} required />
            </label>
          )}
          {drafts.length > 1 && (
            <button type="button" className="btn" onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}>
              {t('annotationQueues.remove')}
            </button>
          )}
        </div>
      ))}
      <div className="row">
        <button type="button" className="btn" onClick={() => setDrafts((all) => [...all, emptyDraft()])}>
          {t('annotationQueues.addDefinition')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('annotationQueues.create')}
        </button>
      </div>
      <FormError error={create.error} />
      {create.isSuccess && <p role="status">{t('annotationQueues.created', { name: create.data.name })}</p>}
    </form>
  );
}
