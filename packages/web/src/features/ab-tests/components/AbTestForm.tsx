/** The form of a new A/B test: variants with weights (the first is the control), unit and metrics. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AB_FIXED_METRICS, AB_UNITS } from '@tracehub/core';
import { FormError } from '../../../shared/components/FormError';
import type { AbTestInput } from '../api';

type VariantRow = { key: string; weight: number; model: string; endpoint: string };

const DEFAULT_VARIANTS: VariantRow[] = [
  { key: 'control', weight: 90, model: '', endpoint: 'LLM_API_BASE' },
  { key: 'new_model', weight: 10, model: '', endpoint: 'LLM_API_BASE_NEW_MODEL' },
];

/** `onSubmit` gets the whole body. */
export function AbTestForm({ pending, error, onSubmit, onCancel }: { pending: boolean; error: unknown; onSubmit: (body: AbTestInput) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [unit, setUnit] = useState<AbTestInput['unit']>('session_id');
  const [variants, setVariants] = useState<VariantRow[]>(DEFAULT_VARIANTS);
  const [primary, setPrimary] = useState('review_pass_rate');
  const [guardrails, setGuardrails] = useState<string[]>(['error_rate', 'latency_ms']);
  const setVariant = (i: number, patch: Partial<VariantRow>) => setVariants(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({
      name, unit, primary_metric: primary, guardrail_metrics: guardrails.filter((g) => g !== primary),
      variants: variants.map((v) => ({ key: v.key.trim(), weight: v.weight, ...(v.model.trim() ? { model: v.model.trim() } : {}), ...(v.endpoint.trim() ? { endpoint: v.endpoint.trim() } : {}) })),
    });
  };
  return (
    <form className="stack" onSubmit={submit} data-testid="ab-test-form">
      <label className="field">
        <span>{t('abTests.fields.name')}</span>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={128} />
      </label>
      <label className="field">
        <span>{t('abTests.fields.unit')}</span>
        <select name="unit" value={unit} onChange={(e) => setUnit(e.target.value as AbTestInput['unit'])}>
          {AB_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`abTests.units.${u}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="stack">
        <legend>{t('abTests.fields.variants')}</legend>
        {variants.map((v, i) => (
          <div className="row wrap" key={i}>
            <label className="field">
              <span>{i === 0 ? t('abTests.control') : t('abTests.treatment')}</span>
              <input aria-label={t('abTests.fields.key')} value={v.key} onChange={(e) => setVariant(i, { key: e.target.value })} required pattern="[A-Za-z0-9_.\-]{1,64}" />
            </label>
            <label className="field">
              <span>{t('abTests.fields.weight')}</span>
              <input type="number" min={1} max={10000} step={1} value={v.weight} onChange={(e) => setVariant(i, { weight: Number(e.target.value) })} required />
            </label>
            <label className="field">
              <span>{t('abTests.fields.model')}</span>
              <input value={v.model} onChange={(e) => setVariant(i, { model: e.target.value })} />
            </label>
            <label className="field">
              <span>{t('abTests.fields.endpoint')}</span>
              <input value={v.endpoint} onChange={(e) => setVariant(i, { endpoint: e.target.value })} />
            </label>
            {i > 1 && (
              <button type="button" className="btn btn-small" onClick={() => setVariants(variants.filter((_, j) => j !== i))}>
                {t('abTests.removeVariant')}
              </button>
            )}
          </div>
        ))}
        {variants.length < 10 && (
          <button type="button" className="btn btn-small" onClick={() => setVariants([...variants, { key: `variant_${variants.length}`, weight: 10, model: '', endpoint: '' }])}>
            {t('abTests.addVariant')}
          </button>
        )}
      </fieldset>
      <label className="field">
        <span>{t('abTests.fields.primary')}</span>
        <select name="primary" value={primary} onChange={(e) => setPrimary(e.target.value)}>
          {AB_FIXED_METRICS.map((m) => (
            <option key={m} value={m}>
              {t(`abTests.metrics.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="row wrap">
        <legend>{t('abTests.fields.guardrails')}</legend>
        {AB_FIXED_METRICS.filter((m) => m !== primary).map((m) => (
          <label key={m} className="checkbox">
            <input type="checkbox" checked={guardrails.includes(m)} onChange={(e) => setGuardrails(e.target.checked ? [...guardrails, m] : guardrails.filter((g) => g !== m))} />
            {t(`abTests.metrics.${m}`)}
          </label>
        ))}
      </fieldset>
      <FormError error={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {t('abTests.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('abTests.cancel')}
        </button>
      </div>
    </form>
  );
}
