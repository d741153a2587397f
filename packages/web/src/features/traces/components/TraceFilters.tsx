/** The trace list's search box and filters; every change goes into the URL. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommitInput } from '../../../shared/components/CommitInput';
import { isoToLocalInput, localInputToIso } from '../../../shared/format';
import type { FilterKey, TraceListParams } from '../list-params';

const TEXT_FILTERS = ['model', 'environment', 'user_id', 'session_id', 'name', 'tag'] as const;
/** Score, range and metadata filters: the key, its label and whether it takes a number. */
const VALUE_FILTERS = [
  ['score_name', 'scoreName', false],
  ['score_min', 'scoreMin', true],
  ['score_max', 'scoreMax', true],
  ['latency_min', 'latencyMin', true],
  ['latency_max', 'latencyMax', true],
  ['cost_min', 'costMin', true],
  ['cost_max', 'costMax', true],
  ['tokens_min', 'tokensMin', true],
  ['tokens_max', 'tokensMax', true],
  ['metadata_key', 'metadataKey', false],
  ['metadata_value', 'metadataValue', false],
] as const;
const DECISIONS = ['ALLOW_ANSWER', 'BLOCK', 'ESCALATE', 'ALLOW_WITH_WARNING', 'NEED_CLARIFICATION'];

/** Search and filters bound to `filters`; `onChange` receives the changed keys. */
export function TraceFilters({ filters, onChange }: { filters: TraceListParams['filters']; onChange: (changes: Partial<Record<FilterKey, string | undefined>>) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(() => [...TEXT_FILTERS, ...VALUE_FILTERS.map(([k]) => k)].some((k) => filters[k]) || !!filters.from || !!filters.to);
  const active = Object.keys(filters).filter((k) => k !== 'search').length;
  return (
    <div className="filters card">
      <div className="filters-row">
        <CommitInput
          type="search"
          className="search-input"
          id="trace-search"
          placeholder={t('traces.searchPlaceholder')}
          aria-label={t('traces.search')}
          value={filters.search ?? ''}
          onCommit={(v) => onChange({ search: v || undefined })}
        />
        <select aria-label={t('traces.filters.status')} value={filters.status ?? ''} onChange={(e) => onChange({ status: e.target.value || undefined })}>
          <option value="">{t('traces.filters.anyStatus')}</option>
          <option value="success">{t('status.success')}</option>
          <option value="error">{t('status.error')}</option>
          <option value="running">{t('status.running')}</option>
        </select>
        <select aria-label={t('traces.filters.decision')} value={filters.decision ?? ''} onChange={(e) => onChange({ decision: e.target.value || undefined })}>
          <option value="">{t('traces.filters.anyDecision')}</option>
          {DECISIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <select
          aria-label={t('traces.filters.openSpans')}
          value={filters.has_open_spans ?? ''}
          onChange={(e) => onChange({ has_open_spans: e.target.value || undefined })}
        >
          <option value="">{t('traces.filters.anyOpenSpans')}</option>
          <option value="true">{t('traces.filters.withOpenSpans')}</option>
          <option value="false">{t('traces.filters.withoutOpenSpans')}</option>
        </select>
        <button type="button" className="btn" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('traces.filters.more')}
          {active > 0 && <span className="tab-count">{active}</span>}
        </button>
        {active + (filters.search ? 1 : 0) > 0 && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => onChange(Object.fromEntries(Object.keys(filters).map((k) => [k, undefined])) as Partial<Record<FilterKey, undefined>>)}
          >
            {t('traces.filters.reset')}
          </button>
        )}
      </div>
      {open && (
        <div className="filters-grid">
          {TEXT_FILTERS.map((key) => (
            <label key={key}>
              {t(`traces.filters.${key}`)}
              <CommitInput name={key} value={filters[key] ?? ''} onCommit={(v) => onChange({ [key]: v || undefined })} />
            </label>
          ))}
          <label>
            {t('traces.filters.from')}
            <input
              type="datetime-local"
              name="from"
              value={isoToLocalInput(filters.from)}
              onChange={(e) => onChange({ from: localInputToIso(e.target.value) })}
            />
          </label>
          <label>
            {t('traces.filters.to')}
            <input type="datetime-local" name="to" value={isoToLocalInput(filters.to)} onChange={(e) => onChange({ to: localInputToIso(e.target.value) })} />
          </label>
          {VALUE_FILTERS.map(([key, label, numeric]) => (
            <label key={key}>
              {t(`scores.filters.${label}`)}
              <CommitInput
                name={key}
                type={numeric ? 'number' : undefined}
                min={numeric && !key.startsWith('score') ? 0 : undefined}
                step={numeric ? 'any' : undefined}
                value={filters[key] ?? ''}
                onCommit={(v) => onChange({ [key]: v || undefined })}
              />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
