/**
 * The review screen: the reviewer's next item (locked to them) with its input, output, context and
 * existing scores (the LLM judge's with its reasoning), a control per score definition, a comment
 * and "passed in review". Works with the keyboard alone: j/k (or ↓/↑) move between scores, 1–9
 * choose, c writes the comment, p toggles "passed in review", Enter submits and loads the next
 * item, s skips. A reviewed item can also be saved as a dataset item with a corrected expected output.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../shared/components/ErrorState';
import { FormError } from '../../../shared/components/FormError';
import { Loading } from '../../../shared/components/Loading';
import { PageHeader } from '../../../shared/components/PageHeader';
import { PayloadViewer } from '../../../shared/components/PayloadViewer';
import { asScoreComment, ScoreCommentView } from '../../../shared/components/ScoreComment';
import {
  fetchNextItem, useAnnotationQueue, useItemToDataset, useScoreItem, useSkipItem, type ItemScoreView, type NextItemView, type ScoreDefinitionView,
} from '../api';

type Value = number | boolean | string;

const parsed = (text: string | null | undefined): unknown => {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** What a number key means for a definition (null: nothing). */
function keyValue(def: ScoreDefinitionView, digit: number): Value | null {
  if (def.type === 'boolean') return digit === 1 ? true : digit === 2 ? false : null;
  if (def.type === 'categorical') return def.labels[digit - 1] ?? null;
  if (def.type === 'numeric') return digit >= def.min && digit <= def.max ? digit : null;
  return null;
}

function ScoreLine({ score }: { score: ItemScoreView }) {
  const { t } = useTranslation();
  const comment = asScoreComment(score.comment);
  const value = score.label ?? (score.passed === null ? score.score : score.passed ? t('annotationQueues.review.yes') : t('annotationQueues.review.no'));
  return (
    <li data-testid="existing-score">
      <strong>{score.eval_name}</strong>: {String(value ?? '—')} <span className="muted small">({score.source}{score.eval_model ? ` · ${score.eval_model}` : ''})</span>
      {comment ? (
        <ScoreCommentView comment={comment} />
      ) : (
        typeof score.comment === 'string' && <div className="muted">{score.comment}</div>
      )}
      {!comment && score.comment !== null && typeof score.comment === 'object' && 'reasoning' in (score.comment as object) && (
        <div>
          {t('annotationQueues.review.reasoning')}: {String((score.comment as { reasoning: unknown }).reasoning)}
        </div>
      )}
    </li>
  );
}

function DefinitionControl({ def, value, active, onChange }: { def: ScoreDefinitionView; value: Value | undefined; active: boolean; onChange: (v: Value | undefined) => void }) {
  const { t } = useTranslation();
  const choices: { key: number; label: string; value: Value }[] =
    def.type === 'boolean'
      ? [{ key: 1, label: t('annotationQueues.review.yes'), value: true }, { key: 2, label: t('annotationQueues.review.no'), value: false }]
      : def.type === 'categorical'
        ? def.labels.map((label, i) => ({ key: i + 1, label, value: label }))
        : [];
  return (
    <fieldset className="card" style={active ? { outline: '2px solid var(--accent)' } : undefined} data-testid="review-definition" data-active={active}>
      <legend>
        {def.name} <span className="muted small">({t(`annotationQueues.types.${def.type}`)}{def.type === 'numeric' ? ` ${def.min}–${def.max}` : ''})</span>
        {active && <span className="badge badge-neutral"> {t('annotationQueues.review.active')}</span>}
      </legend>
      {choices.length > 0 && (
        <div className="row wrap" role="radiogroup" aria-label={def.name}>
          {choices.map((c) => (
            <button key={c.key} type="button" role="radio" aria-checked={value === c.value} tabIndex={-1}
              className={value === c.value ? 'btn btn-primary' : 'btn'} onClick={() => onChange(value === c.value ? undefined : c.value)}>
              <kbd>{c.key}</kbd> {c.label}
            </button>
          ))}
        </div>
      )}
      {def.type === 'numeric' && (
        <input type="number" aria-label={def.name} min={def.min} max={def.max} step="any" value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />
      )}
      {def.type === 'text' && (
        <textarea aria-label={def.name} rows={2} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)} />
      )}
    </fieldset>
  );
}

function DatasetForm({ queueId, itemId }: { queueId: string; itemId: string }) {
  const { t } = useTranslation();
  const save = useItemToDataset(queueId);
  const [dataset, setDataset] = useState('');
  const [expected, setExpected] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ itemId, dataset: dataset.trim(), expected_output: parsed(expected) });
  };
  return (
    <details className="card">
      <summary>{t('annotationQueues.review.toDataset')}</summary>
      <form className="stack" onSubmit={submit}>
        <label>
          {t('annotationQueues.review.dataset')}
          <input value={dataset} onChange={(e) => setDataset(e.target.value)} required />
        </label>
        <label>
          {t('annotationQueues.review.expected')}
          <textarea rows={3} value={expected} onChange={(e) => setExpected(e.target.value)} required />
        </label>
        <FormError error={save.error} />
        {save.isSuccess && <p role="status">{t('annotationQueues.review.savedToDataset', { item: save.data.item_id, dataset })}</p>}
        <button type="submit" className="btn" disabled={save.isPending}>
          {t('annotationQueues.review.toDataset')}
        </button>
      </form>
    </details>
  );
}

export function ReviewPage() {
  const { t } = useTranslation();
  const { queueId = '' } = useParams();
  const queue = useAnnotationQueue(queueId);
  const score = useScoreItem(queueId);
  const skip = useSkipItem(queueId);
  const [next, setNext] = useState<NextItemView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [values, setValues] = useState<Record<string, Value>>({});
  const [active, setActive] = useState(0);
  const [comment, setComment] = useState('');
  const [passed, setPassed] = useState<boolean | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const definitions = queue.data?.score_definitions ?? [];

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const answer = await fetchNextItem(queueId);
      setNext(answer);
      setValues({});
      setComment('');
      setPassed(undefined);
      setActive(0);
      setMissing(false);
      score.reset();
      skip.reset();
    } catch (error) {
      setLoadError(error);
    }
  }, [queueId, score.reset, skip.reset]);

  useEffect(() => {
    void load();
  }, [load]);

  const item = next?.item ?? null;
  const busy = score.isPending || skip.isPending;

  const submit = useCallback(() => {
    if (!item || busy) return;
    const scores = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
    if (Object.keys(scores).length === 0) {
      setMissing(true);
      return;
    }
    score.mutate(
      { itemId: item.id, body: { scores, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(passed !== undefined ? { user_review_passed: passed } : {}) } },
      { onSuccess: () => void load() },
    );
  }, [item, busy, values, comment, passed, score, load]);

  const doSkip = useCallback(() => {
    if (!item || busy) return;
    skip.mutate(item.id, { onSuccess: () => void load() });
  }, [item, busy, skip, load]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
      if (typing) {
        if (e.key === 'Escape') target.blur();
        else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && target.closest('[data-review-form]')) {
          e.preventDefault();
          submit();
        }
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || !item) return;
      const def = definitions[active];
      if (e.key === 'j' || e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, definitions.length - 1));
      else if (e.key === 'k' || e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
      else if (/^[1-9]$/.test(e.key) && def) {
        const value = keyValue(def, Number(e.key));
        if (value === null) return;
        setValues((v) => ({ ...v, [def.name]: value }));
        setMissing(false);
        // A choice moves on to the next score, so a review is a few digits and Enter.
        setActive((a) => Math.min(a + 1, definitions.length - 1));
      } else if (e.key === 'c') commentRef.current?.focus();
      else if (e.key === 'p') setPassed((p) => (p ? undefined : true));
      else if (e.key === 's') doSkip();
      else if (e.key === 'Enter') submit();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [definitions, active, item, submit, doSkip]);

  if (queue.isError) return <ErrorState error={queue.error} />;
  if (loadError) return <ErrorState error={loadError as Error} onRetry={() => void load()} />;
  if (!queue.data || !next) return <Loading />;
  const progress = next.progress;
  return (
    <div className="page">
      <PageHeader
        title={t('annotationQueues.review.title', { name: queue.data.name })}
        subtitle={
          <span data-testid="review-progress">
            {t('annotationQueues.review.yourProgress', { done: progress.reviewer.done, skipped: progress.reviewer.skipped, completed: progress.completed, items: progress.items })}
          </span>
        }
        actions={<Link className="btn" to="..">{t('annotationQueues.back')}</Link>}
      />
      <aside className="card small" data-testid="review-shortcuts" aria-label={t('annotationQueues.review.shortcuts')}>
        <strong>{t('annotationQueues.review.shortcuts')}</strong>
        <ul>
          {(['move', 'pick', 'comment', 'pass', 'submit', 'skip'] as const).map((k) => (
            <li key={k}>{t(`annotationQueues.review.keys.${k}`)}</li>
          ))}
        </ul>
      </aside>
      {!item ? (
        <p className="card" data-testid="review-done">{t('annotationQueues.review.nothingLeft')}</p>
      ) : (
        <div className="stack" data-testid="review-item" data-trace-id={item.trace_id}>
          <p>
            <Link to={`/traces/${encodeURIComponent(item.trace_id)}`}>{item.trace_id}</Link>
            {item.span_id && <span className="muted"> · {t('annotationQueues.review.span')} {next.span?.name ?? item.span_id}</span>}
          </p>
          <section className="card">
            <h3>{t('annotationQueues.review.input')}</h3>
            <PayloadViewer value={next.span ? next.span.input : parsed(next.trace?.input_text)} />
            <h3>{t('annotationQueues.review.output')}</h3>
            <PayloadViewer value={next.span ? next.span.output : parsed(next.trace?.output_text)} />
          </section>
          {next.context && next.context.length > 0 && (
            <details className="card">
              <summary>{t('annotationQueues.review.context')} ({next.context.length})</summary>
              {next.context.map((s) => (
                <div key={s.span_id}>
                  <strong>{s.name}</strong> <span className="muted small">{s.span_type}</span>
                  <PayloadViewer value={s.output} />
                </div>
              ))}
            </details>
          )}
          <section className="card" data-testid="existing-scores">
            <h3>{t('annotationQueues.review.existingScores')}</h3>
            {next.scores && next.scores.length > 0 ? (
              <ul>
                {[...(next.judge_scores ?? []), ...next.scores.filter((s) => !next.judge_scores?.some((j) => j.eval_id === s.eval_id))].map((s) => (
                  <ScoreLine key={s.eval_id} score={s} />
                ))}
              </ul>
            ) : (
              <p className="muted">{t('annotationQueues.review.noScores')}</p>
            )}
          </section>
          <form className="stack" data-review-form onSubmit={(e) => { e.preventDefault(); submit(); }}>
            {definitions.map((def, i) => (
              <DefinitionControl key={def.name} def={def} value={values[def.name]} active={i === active}
                onChange={(v) => setValues((all) => { const copy = { ...all }; if (v === undefined) delete copy[def.name]; else copy[def.name] = v; return copy; })} />
            ))}
            <label>
              {t('annotationQueues.review.comment')}
              <textarea ref={commentRef} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={passed === true} onChange={(e) => setPassed(e.target.checked ? true : undefined)} />
              {t('annotationQueues.review.reviewPassed')}
            </label>
            {missing && <p role="alert" className="error-text">{t('annotationQueues.review.needScore')}</p>}
            <FormError error={score.error ?? skip.error} />
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? t('annotationQueues.review.saving') : t('annotationQueues.review.submit')} <kbd>Enter</kbd>
              </button>
              <button type="button" className="btn" disabled={busy} onClick={doSkip}>
                {t('annotationQueues.review.skip')} <kbd>s</kbd>
              </button>
            </div>
          </form>
          <DatasetForm key={item.id} queueId={queueId} itemId={item.id} />
        </div>
      )}
    </div>
  );
}
