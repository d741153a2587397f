/**
 * A rule over a past time range: first the estimate (traces in range, traces the rule would take,
 * judge calls, estimated cost), then queue it on confirmation.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackfillEstimateView } from '@tracehub/core';
import { FormError } from '../../../shared/components/FormError';
import { useBackfill, type EvaluationRuleView } from '../api';

/** `datetime-local` value of a time, in the browser's zone. */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export function BackfillForm({ rule, onDone }: { rule: EvaluationRuleView; onDone: () => void }) {
  const { t } = useTranslation();
  const backfill = useBackfill();
  const [from, setFrom] = useState(() => localInput(Date.now() - 7 * 86_400_000));
  // The inputs hold whole minutes: the next one, so traces of the current minute are in range.
  const [to, setTo] = useState(() => localInput(Date.now() + 60_000));
  const [estimate, setEstimate] = useState<BackfillEstimateView | null>(null);
  const range = { id: rule.id, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  const estimateNow = (e: FormEvent) => {
    e.preventDefault();
    setEstimate(null);
    backfill.mutate({ ...range, dry_run: true }, { onSuccess: setEstimate });
  };
  const cost = estimate?.estimated_cost;
  return (
    <form className="stack" onSubmit={estimateNow} data-testid="backfill-form">
      <div className="row wrap">
        <label className="field">
          <span>{t('evaluationRules.backfill.from')}</span>
          <input type="datetime-local" name="from" value={from} onChange={(e) => { setFrom(e.target.value); setEstimate(null); }} required />
        </label>
        <label className="field">
          <span>{t('evaluationRules.backfill.to')}</span>
          <input type="datetime-local" name="to" value={to} onChange={(e) => { setTo(e.target.value); setEstimate(null); }} required />
        </label>
      </div>
      {estimate && !estimate.dry_run && <p role="status">{t('evaluationRules.backfill.queued', { count: estimate.queued ?? 0 })}</p>}
      {estimate?.dry_run && (
        <table className="table" data-testid="backfill-estimate">
          <tbody>
            {[
              ['inRange', `${estimate.traces_in_range}${estimate.truncated ? ` (${t('evaluationRules.backfill.truncated')})` : ''}`],
              ['selected', String(estimate.traces_selected)],
              ['calls', t('evaluationRules.backfill.callsValue', { count: estimate.judge_calls, model: estimate.judge_model })],
              ['cost', cost == null ? t('evaluationRules.backfill.unpriced') : `$${cost.toFixed(4)}`],
              ['cap', estimate.daily_cost_cap == null ? t('evaluationRules.noCap') : `$${estimate.daily_cost_cap}`],
            ].map(([key, value]) => (
              <tr key={key}>
                <th>{key === 'cap' ? t('evaluationRules.dailyCap') : t(`evaluationRules.backfill.${key as 'inRange'}`)}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError error={backfill.error} />
      <div className="row">
        {estimate?.dry_run ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={backfill.isPending || estimate.traces_selected === 0}
            onClick={() => backfill.mutate({ ...range, dry_run: false }, { onSuccess: setEstimate })}
          >
            {t('evaluationRules.backfill.confirm', { count: estimate.traces_selected })}
          </button>
        ) : (
          <button type="submit" className="btn btn-primary" disabled={backfill.isPending}>
            {t('evaluationRules.backfill.estimate')}
          </button>
        )}
        <button type="button" className="btn" onClick={onDone}>
          {t('evaluationRules.form.close')}
        </button>
      </div>
    </form>
  );
}
