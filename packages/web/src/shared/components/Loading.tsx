/** A quiet loading line for pages and panels. */
import { useTranslation } from 'react-i18next';

/** Shows "Loading…" with a spinner. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}
