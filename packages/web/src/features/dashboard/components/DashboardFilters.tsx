/** The dashboard's filters: environment, trace name, and the switch that adds experiment traces. */
import { useTranslation } from 'react-i18next';
import { CommitInput } from '../../../shared/components/CommitInput';
import type { DashboardParams } from '../dashboard-params';

/** Filters bound to `value`; `onChange` receives the whole new state. */
export function DashboardFilters({ value, onChange }: { value: DashboardParams; onChange: (next: DashboardParams) => void }) {
  const { t } = useTranslation();
  return (
    <div className="filters card filters-row dashboard-filters" data-testid="dashboard-filters">
      <label>
        {t('dashboard.filters.environment')}
        <CommitInput
          name="environment"
          value={value.environment ?? ''}
          placeholder={t('dashboard.filters.any')}
          onCommit={(v) => onChange({ ...value, environment: v || undefined })}
        />
      </label>
      <label>
        {t('dashboard.filters.name')}
        <CommitInput name="name" value={value.name ?? ''} placeholder={t('dashboard.filters.any')} onCommit={(v) => onChange({ ...value, name: v || undefined })} />
      </label>
      <label className="checkbox" title={t('dashboard.filters.experimentsHint')}>
        <input
          type="checkbox"
          role="switch"
          name="experiments"
          checked={value.includeExperiments}
          aria-checked={value.includeExperiments}
          onChange={(e) => onChange({ ...value, includeExperiments: e.target.checked })}
        />
        {t('dashboard.filters.experiments')}
      </label>
    </div>
  );
}
