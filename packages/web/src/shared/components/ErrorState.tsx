/** An error box that says what went wrong and offers a retry. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client';

/** Shows an API or network error; `onRetry` adds a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const api = error instanceof ApiError ? error : null;
  const title =
    api?.status === 0 ? t('errors.network') : api?.status === 403 ? t('errors.forbidden') : api?.status === 404 ? t('errors.notFound') : t('errors.generic');
  return (
    <div className="error-state" role="alert">
      <strong>{title}</strong>
      <p className="muted">{api ? `${api.message} (${api.status || 'network'})` : String((error as Error)?.message ?? error)}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
