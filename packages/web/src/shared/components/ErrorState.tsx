/** An error box that says what went wrong, in the UI's language, and offers a retry. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http-client';
import { errorText } from '../api/error-text';

/** Shows an API or network error; `onRetry` adds a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  const api = error instanceof ApiError ? error : null;
  const title =
    api?.status === 0 ? t('errors.network') : api?.status === 403 ? t('errors.forbidden') : api?.status === 404 ? t('errors.notFound') : t('errors.generic');
  const text = errorText(error, t, i18n.language);
  return (
    <div className="error-state" role="alert">
      <strong>{title}</strong>
      <p className="muted">
        {text.summary}
        {text.detail && <> {text.detail}</>}
      </p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
